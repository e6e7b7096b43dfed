import crypto from "node:crypto";
import type { Sql } from "../db/client.ts";
import { newUnsubscribeKey } from "../fanout/unsubscribe-link.ts";
import { insertFollower } from "./db/follow-up.ts";

// Crockford's base32, as the verification codes: no I, L, O or U to misread.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A random 8-character tracking code (40 bits). */
export function newTrackingCode(): string {
  const bytes = crypto.randomBytes(8);
  return [...bytes].map((b) => ALPHABET[b & 31]).join("");
}

/**
 * Keeps the reporter's address (staff-only table) when they left one and agreed, to send the
 * answer and its corrections; runs in the report's transaction.
 * @example await keepFollower(tx, reportId, { email, notify: true }, now);
 */
export async function keepFollower(
  tx: Sql,
  reportId: string,
  input: { email?: string; notify?: boolean },
  now: Date,
): Promise<void> {
  if (!input.email || !input.notify) return;
  await insertFollower(tx, {
    reportId,
    email: input.email,
    unsubscribeKey: newUnsubscribeKey(),
    at: now,
  });
}
