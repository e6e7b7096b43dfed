import { z } from "@hono/zod-openapi";

/** What `verifyMessage` accepts: the text of a notice, its short code, or a signed payload. */
export const VerifyInput = z
  .object({
    text: z
      .string()
      .trim()
      .min(1, "请粘贴要核验的信息")
      .max(20_000, "信息不能超过 20000 字")
      .optional()
      .openapi({ description: "The text of a notice as received (pasted from a chat, a page…)" }),
    code: z
      .string()
      .trim()
      .min(1, "请输入核验码")
      .max(64, "核验码过长")
      .optional()
      .openapi({ description: "The 8-character verification code (e.g. `7K3M-9Q2D`)" }),
    signature: z
      .string()
      .max(200, "签名过长")
      .optional()
      .openapi({ description: "Ed25519 signature of `payload`, base64url" }),
    payload: z
      .union([z.string().max(200_000, "内容过长"), z.record(z.string(), z.unknown())])
      .optional()
      .openapi({ description: "The signed payload: its canonical JSON text, or the object" }),
    kid: z
      .string()
      .max(64)
      .optional()
      .openapi({ description: "The key id; taken from the payload when absent" }),
  })
  .superRefine((v, ctx) => {
    const modes = [v.text !== undefined, v.code !== undefined, v.signature !== undefined];
    if (modes.filter(Boolean).length !== 1) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "请只提供 text、code 或 signature+payload 之一",
      });
    }
    if ((v.signature === undefined) !== (v.payload === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["payload"],
        message: "signature 与 payload 须同时提供",
      });
    }
  })
  .openapi("VerifyInput");

export type VerifyInput = z.infer<typeof VerifyInput>;
