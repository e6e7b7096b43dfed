import { z } from "@hono/zod-openapi";
import { plainText } from "../cases/schemas.ts";
import { topicKindLabels, topicKinds, topicStates } from "../vocabulary/topic-kinds.ts";

const kindHelp = topicKinds.map((k) => `${k} ${topicKindLabels[k]}`).join(" · ");

const region = z.string().regex(/^\d{6}$/, "须为 6 位 GB/T 2260 行政区划代码");
const category = z.string().regex(/^[a-z][a-z0-9-]*$/, "须为分类标识");
const ids = (label: string) => z.array(z.uuid(`${label}须为有效的 ID`)).max(200);
const instant = z.iso.datetime({
  offset: true,
  message: "须为 ISO 8601 时间，如 2026-08-01T08:00:00+08:00",
});

export const topicSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "只能包含小写字母、数字和连字符（最多 64 个）");

export const TopicFields = {
  name: plainText(60, "专题名称")
    .transform((t) => t.trim())
    .refine((t) => t.length > 0, "专题名称不能为空"),
  summary: plainText(500, "专题说明"),
  regions: z.array(region).min(1, "至少选择一个地区").max(50),
  categories: z.array(category).max(20),
};

export const CreateTopicInput = z
  .object({
    ...TopicFields,
    summary: TopicFields.summary.optional(),
    categories: TopicFields.categories.optional(),
    kind: z
      .enum(topicKinds, `类型须为 ${topicKinds.join(" / ")}`)
      .openapi({ description: kindHelp }),
    slug: topicSlug.optional().openapi({ description: "URL name; made from the kind when absent" }),
    startsAt: instant.optional().openapi({ description: "Defaults to now" }),
    endsAt: instant.optional(),
    drill: z.boolean().optional(),
    caseIds: ids("事件").optional(),
    rebuttalIds: ids("辟谣条目").optional(),
  })
  .strict()
  .openapi("CreateTopicInput");
export type CreateTopicInput = z.output<typeof CreateTopicInput>;

export const UpdateTopicInput = z
  .object({
    name: TopicFields.name.optional(),
    summary: TopicFields.summary.optional(),
    regions: TopicFields.regions.optional(),
    categories: TopicFields.categories.optional(),
    startsAt: instant.optional(),
    endsAt: instant.nullable().optional(),
    addCaseIds: ids("事件").optional(),
    removeCaseIds: ids("事件").optional(),
    addRebuttalIds: ids("辟谣条目").optional(),
    removeRebuttalIds: ids("辟谣条目").optional(),
  })
  .strict()
  .openapi("UpdateTopicInput");
export type UpdateTopicInput = z.output<typeof UpdateTopicInput>;

export const ListTopicsQuery = z.object({
  status: z.enum(topicStates, "状态须为 open / closed").optional(),
});

export const Topic = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    kind: z.enum(topicKinds),
    kindLabel: z.string(),
    summary: z.string(),
    regions: z.array(z.string()),
    categories: z.array(z.string()),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    drill: z.boolean(),
    status: z.enum(topicStates),
    active: z.boolean().openapi({ description: "Open and within its period: the home shows it" }),
    url: z.string().openapi({ description: "The public topic page" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .openapi("Topic");
export type Topic = z.output<typeof Topic>;

export const TopicDetail = Topic.extend({
  cases: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      title: z.string(),
      status: z.string(),
      regionCode: z.string().nullable(),
      category: z.string().nullable(),
      reportCount: z.number().int(),
      attachedAutomatically: z.boolean(),
      attachedAt: z.string(),
    }),
  ),
  rebuttals: z.array(
    z.object({
      id: z.string(),
      slug: z.string(),
      kind: z.string(),
      title: z.string(),
      verdict: z.string().nullable(),
      status: z.string(),
      publishedAt: z.string(),
    }),
  ),
}).openapi("TopicDetail");
export type TopicDetail = z.output<typeof TopicDetail>;
