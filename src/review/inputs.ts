import { z } from "@hono/zod-openapi";
import { markdownProblem } from "../text/markdown.ts";
import { rebuttalKinds } from "../vocabulary/rebuttal-kinds.ts";
import { verdictLabels, verdicts, verdictsNeedingSources } from "../vocabulary/verdicts.ts";

const chars = (s: string) => Array.from(s).length;

const httpUrl = z
  .string()
  .trim()
  .max(2000, "来源地址过长")
  .refine((u) => {
    try {
      return ["http:", "https:"].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, "来源地址必须是 http(s) 网址");

export const sourceInput = z.object({
  title: z.string().trim().min(1, "请填写来源标题").max(300, "来源标题不能超过 300 字"),
  url: httpUrl,
});

/** The body of createRevision; kind-specific rules (claim, verdict, sources) in superRefine. */
export const revisionInput = z
  .object({
    kind: z.enum(rebuttalKinds, `类型须为 ${rebuttalKinds.join(" / ")}`).default("rebuttal"),
    claim: z.string().trim().min(1, "请填写谣言内容").max(500, "谣言内容不能超过 500 字").nullish(),
    verdict: z.enum(verdicts, `结论须为 ${verdicts.join(" / ")}`).nullish(),
    title: z.string().trim().min(1, "请填写标题").max(200, "标题不能超过 200 字"),
    summary: z
      .string()
      .trim()
      .min(1, "请填写摘要")
      .refine((s) => chars(s) <= 140, "摘要不能超过 140 个字符"),
    body: z
      .string()
      .min(1, "请填写正文")
      .max(100_000, "正文不能超过 100000 字")
      .superRefine((md, ctx) => {
        const problem = markdownProblem(md);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    sources: z.array(sourceInput).max(30, "来源最多 30 个").default([]),
    coSignerOrgIds: z
      .array(z.uuid("须为单位 ID"))
      .max(10, "联合发布单位最多 10 个")
      .default([])
      .refine((ids) => new Set(ids).size === ids.length, "联合发布单位不能重复"),
    tags: z
      .array(z.string().trim().min(1, "标签不能为空").max(30, "标签不能超过 30 字"))
      .max(20, "标签最多 20 个")
      .default([]),
    baseRevisionId: z.uuid("须为稿件 ID").nullish(),
  })
  .superRefine((r, ctx) => {
    if (r.kind === "rebuttal") {
      if (!r.claim)
        ctx.addIssue({ code: "custom", path: ["claim"], message: "辟谣稿须写明谣言内容" });
      if (!r.verdict)
        ctx.addIssue({ code: "custom", path: ["verdict"], message: "辟谣稿须给出结论" });
    } else if (r.verdict) {
      ctx.addIssue({ code: "custom", path: ["verdict"], message: "只有辟谣稿有结论" });
    }
    if (r.verdict && verdictsNeedingSources.includes(r.verdict) && r.sources.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["sources"],
        message: `结论为${verdictsNeedingSources.map((v) => verdictLabels[v]).join("或")}时至少需要一个来源`,
      });
    }
  })
  .openapi("RevisionInput");
export type RevisionInput = z.output<typeof revisionInput>;

const releaseAt = z.iso
  .datetime({ offset: true, message: "发布时间须为带时区的 ISO 8601 时间" })
  .openapi({ description: "Scheduled release (embargo), e.g. 2026-07-01T09:00:00+08:00" });

export const submitInput = z
  .object({ releaseAt: releaseAt.optional() })
  .openapi("SubmitRevisionInput");
export type SubmitInput = z.output<typeof submitInput>;

export const decisionInput = z
  .object({
    decision: z.enum(
      ["approve", "request_changes", "reject"],
      "决定须为 approve / request_changes / reject",
    ),
    comment: z.string().trim().max(4000, "意见不能超过 4000 字").default(""),
    releaseAt: releaseAt.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.decision !== "approve" && d.comment.length === 0) {
      ctx.addIssue({ code: "custom", path: ["comment"], message: "退回修改或驳回时请说明理由" });
    }
  })
  .openapi("DecisionInput");
export type DecisionInput = z.output<typeof decisionInput>;

export const retractInput = z
  .object({
    reason: z.string().trim().min(1, "请说明撤回理由").max(2000, "撤回理由不能超过 2000 字"),
  })
  .openapi("RetractInput");
export type RetractInput = z.output<typeof retractInput>;
