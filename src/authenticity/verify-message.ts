import type { Deps } from "../deps.ts";
import { validationError } from "../http/errors.ts";
import { answerFor, type VerifyResult } from "./answers.ts";
import { parseCode } from "./code.ts";
import { signatureByCode, signaturesWithText } from "./db/signatures.ts";
import { comparable, textHash } from "./message-text.ts";
import { VerifyInput } from "./verify-input.ts";
import { verifySignedPayload } from "./verify-signature.ts";
import { compareWithSimilar } from "./verify-text.ts";

export interface VerifyCtx {
  deps: Deps;
}

/**
 * 核验信息真伪: decides whether a notice (its text, its code, or a signed payload) is a genuine
 * Chorus message and whether it is still current. Never throws for a forgery or an unknown code:
 * those are verdicts.
 * @example const { verdict, current } = await verifyMessage({ deps }, { code: "7K3M-9Q2D" });
 */
export async function verifyMessage(ctx: VerifyCtx, raw: unknown): Promise<VerifyResult> {
  const parsed = VerifyInput.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  if (input.code !== undefined) return byCode(ctx.deps, input.code);
  if (input.signature !== undefined) {
    return verifySignedPayload(ctx.deps, {
      signature: input.signature,
      payload: input.payload,
      kid: input.kid,
    });
  }
  return byText(ctx.deps, input.text ?? "");
}

async function byCode(deps: Deps, raw: string): Promise<VerifyResult> {
  const code = parseCode(raw);
  const row = code ? await signatureByCode(deps.sql, code) : undefined;
  if (!row) return { verdict: "unknown", reason: "unknown_code" };
  return answerFor(deps, row, "code");
}

async function byText(deps: Deps, text: string): Promise<VerifyResult> {
  const folded = comparable(text);
  if (!folded) return { verdict: "unknown", reason: "no_match" };
  const [exact] = await signaturesWithText(deps.sql, textHash(folded));
  if (exact) return answerFor(deps, exact, "text");
  return compareWithSimilar(deps, text);
}
