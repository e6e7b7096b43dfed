import type { Deps } from "../deps.ts";
import type { EnvelopeSignature, EventEnvelope } from "../events/envelope.ts";
import { type SignatureRow, signaturesOfEvents } from "./db/signatures.ts";
import { verifyUrl } from "./signed-messages.ts";

/** A stored signature in the form envelopes carry it. */
export function envelopeSignature(deps: Deps, row: SignatureRow): EnvelopeSignature {
  return {
    payload: row.payload,
    signature: row.signature,
    kid: row.kid,
    alg: "Ed25519",
    code: row.code,
    verifyUrl: verifyUrl(deps.config.publicUrl, row.code),
  };
}

/**
 * The envelopes with the `signature` of each signed event added (one query for all); unsigned
 * events (staff events, rows written without the publishing path) are returned as they are.
 * @example for (const env of await signEnvelopes(deps, rows.map(envelopeOf))) socket.emit("event", env);
 */
export async function signEnvelopes<E extends EventEnvelope>(deps: Deps, envs: E[]): Promise<E[]> {
  const wanted = envs.filter((e) => e.seq !== null).map((e) => e.id);
  const rows = await signaturesOfEvents(deps.sql, wanted);
  if (rows.length === 0) return envs;
  const byEvent = new Map(rows.map((r) => [r.eventId, envelopeSignature(deps, r)]));
  return envs.map((e) => {
    const signature = byEvent.get(e.id);
    return signature ? { ...e, signature } : e;
  });
}

/**
 * One envelope with its signature, when its event was signed.
 * @example const body = JSON.stringify(await signEnvelope(deps, env));
 */
export async function signEnvelope<E extends EventEnvelope>(deps: Deps, env: E): Promise<E> {
  const [signed] = await signEnvelopes(deps, [env]);
  return signed!;
}
