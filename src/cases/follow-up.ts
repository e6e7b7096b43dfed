import crypto from "node:crypto";
import type { Sql } from "../db/client.ts";
import { newUnsubscribeKey } from "../fanout/unsubscribe-link.ts";
import { insertFollower, setTrackingCode } from "./db/follow-up.ts";

// Crockford's base32, as the verification codes: no I, L, O or U to misread.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A random 8-character tracking code (40 bits). */
export function newTrackingCode(): string {
  const bytes = crypto.randomBytes(8);
  return [...bytes].map((b) => ALPHABET[b & 31]).join("");
}

/**
 * Gives a new report its tracking code and, when the reporter left an email and agreed, keeps
 * the address (staff-only table) to send the answer and its corrections.
 * @example const code = await startFollowUp(tx, report.id, { email, notify: true }, now);
 */
export async function startFollowUp(
  tx: Sql,
  reportId: string,
  input: { email?: string; notify?: boolean },
  now: Date,
): Promise<string> {
  let code = newTrackingCode();
  while (!(await setTrackingCode(tx, reportId, code))) code = newTrackingCode();
  if (input.email && input.notify) {
    await insertFollower(tx, {
      reportId,
      email: input.email,
      unsubscribeKey: newUnsubscribeKey(),
      at: now,
    });
  }
  return code;
}
