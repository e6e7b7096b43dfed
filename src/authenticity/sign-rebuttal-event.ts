import type { Sql } from "../db/client.ts";
import type { Deps } from "../deps.ts";
import { verificationCode } from "./code.ts";
import { insertSignature, signableEvent, signatureOfEvent } from "./db/signatures.ts";
import { textHash, textUnits } from "./message-text.ts";
import { readerText, signedPayloadOf } from "./payload.ts";
import { signPayload } from "./signature.ts";
import { currentSigningKey } from "./signing-keys.ts";

/**
 * Signs a public rebuttal event inside the transaction that records it: the canonical payload
 * of the rebuttal as it now stands plus the event's seq, its Ed25519 signature, a short code
 * and the hashes its text is found by. Idempotent per event.
 * @example const event = await recordEvent(tx, …); await signRebuttalEvent(tx, deps, event);
 */
export async function signRebuttalEvent(
  tx: Sql,
  deps: Deps,
  event: { id: string },
): Promise<{ code: string; kid: string; signature: string }> {
  const done = await signatureOfEvent(tx, event.id);
  if (done) return done;
  const facts = await signableEvent(tx, event.id);
  if (!facts) throw new Error(`event ${event.id} is not a public rebuttal event`);
  const key = await currentSigningKey(tx, deps.config, deps.now());
  const { canonical } = signedPayloadOf(facts, { issuer: deps.config.publicUrl, kid: key.kid });
  const signature = signPayload(canonical, key);
  const text = readerText(facts);
  const row = {
    eventId: facts.event.id,
    rebuttalId: facts.rebuttal.id,
    version: facts.rebuttal.version,
    seq: facts.event.seq,
    eventType: facts.event.type,
    retracted: facts.rebuttal.status === "retracted",
    drill: facts.rebuttal.drill,
    kid: key.kid,
    payload: canonical,
    signature,
    bodyText: text.body,
    textHashes: textUnits(text).map(textHash),
  };
  for (let attempt = 0; attempt < 6; attempt++) {
    const code = verificationCode(signature, attempt);
    if (await insertSignature(tx, { ...row, code })) return { code, kid: key.kid, signature };
  }
  throw new Error("no free verification code for this signature");
}
