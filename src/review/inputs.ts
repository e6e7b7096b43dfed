import { z } from "@hono/zod-openapi";
import { markdownProblem } from "../text/markdown.ts";

const chars = (s: string) => Array.from(s).length;

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      return ["http:", "https:"].includes(new URL(u).protocol);
    } catch {
      return false;
    }
  }, "来源地址必须是 http(s) 网址");

export const sourceInput = z.object({
  title: z.string().trim().min(1, "请填写来源标题").max(300),
  url: httpUrl,
});

/** The body of createRevision; kind-specific rules (claim, verdict, sources) in superRefine. */
export const revisionInput = z
  .object({
    kind: z.enum(["rebuttal", "explainer", "guidance"]).default("rebuttal"),
    claim: z.string().trim().min(1).max(500).nullish(),
    verdict: z.enum(["false", "misleading", "unproven", "true"]).nullish(),
    title: z.string().trim().min(1, "请填写标题").max(200),
    summary: z
      .string()
      .trim()
      .min(1, "请填写摘要")
      .refine((s) => chars(s) <= 140, "摘要不能超过 140 个字符"),
    body: z
      .string()
      .min(1, "请填写正文")
      .max(100_000)
      .superRefine((md, ctx) => {
        const problem = markdownProblem(md);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    sources: z.array(sourceInput).max(30).default([]),
    coSignerOrgIds: z
      .array(z.string().uuid())
      .max(10)
      .default([])
      .refine((ids) => new Set(ids).size === ids.length, "联合发布单位不能重复"),
    tags: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
    baseRevisionId: z.string().uuid().nullish(),
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
    if ((r.verdict === "false" || r.verdict === "misleading") && r.sources.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["sources"],
        message: "结论为谣言或误导时至少需要一个来源",
      });
    }
  })
  .openapi("RevisionInput");
export type RevisionInput = z.output<typeof revisionInput>;

export const submitInput = z
  .object({ releaseAt: z.iso.datetime({ offset: true }).optional() })
  .openapi("SubmitRevisionInput");
export type SubmitInput = z.output<typeof submitInput>;

export const decisionInput = z
  .object({
    decision: z.enum(["approve", "request_changes", "reject"]),
    comment: z.string().trim().max(4000).default(""),
    releaseAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.decision !== "approve" && d.comment.length === 0) {
      ctx.addIssue({ code: "custom", path: ["comment"], message: "退回修改或驳回时请说明理由" });
    }
  })
  .openapi("DecisionInput");
export type DecisionInput = z.output<typeof decisionInput>;

export const retractInput = z
  .object({ reason: z.string().trim().min(1, "请说明撤回理由").max(2000) })
  .openapi("RetractInput");
export type RetractInput = z.output<typeof retractInput>;
