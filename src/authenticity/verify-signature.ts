import type { Deps } from "../deps.ts";
import { answerFor, currentRebuttals, type VerifyResult } from "./answers.ts";
import { canonicalJson } from "./canonical.ts";
import { findSigningKey, listSigningKeys } from "./db/keys.ts";
import { signatureBySignature, signatureOfEvent, signatureOfVersion } from "./db/signatures.ts";
import { likeness, wholeText } from "./message-text.ts";
import { readPayload, type SignedPayload } from "./payload.ts";
import { verifyPayload } from "./signature.ts";
import { verdictFor } from "./verdict.ts";

function canonicalOf(payload: SignedPayload): string | undefined {
  try {
    return canonicalJson(payload);
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/**
 * A signed payload: valid under a published key → its status now; invalid, but naming a
 * message Chorus signed → altered, with what differs; anything else → unknown.
 */
export async function verifySignedPayload(
  deps: Deps,
  input: { signature: string; payload: unknown; kid?: string },
): Promise<VerifyResult> {
  const payload = readPayload(input.payload);
  const canonical = payload && canonicalOf(payload);
  if (!payload || !canonical) return { verdict: "unknown", reason: "malformed_payload" };
  const kid = input.kid ?? str(payload.kid);
  const keys = kid
    ? [await findSigningKey(deps.sql, kid)].filter((k) => k !== undefined)
    : await listSigningKeys(deps.sql);
  if (keys.length === 0) return { verdict: "unknown", reason: "unknown_key" };
  if (keys.some((k) => verifyPayload(canonical, input.signature, k.publicKey))) {
    const row = await signatureBySignature(deps.sql, input.signature);
    if (row) return answerFor(deps, row, "signature");
    return validButUnrecorded(deps, payload);
  }
  const genuine = await genuineCounterpart(deps, payload);
  if (!genuine) return { verdict: "unknown", reason: "bad_signature" };
  const signed = JSON.parse(genuine.payload) as SignedPayload;
  return answerFor(deps, genuine, "bad_signature", {
    verdict: "altered",
    ...payloadDifferences(signed, payload),
  });
}

/** A valid signature Chorus holds no record of (e.g. a restored backup): judged by its payload. */
async function validButUnrecorded(deps: Deps, payload: SignedPayload): Promise<VerifyResult> {
  const id = str(payload.rebuttal?.id);
  const [current] = id ? await currentRebuttals(deps, [id]) : [];
  if (!current) return { verdict: "unknown", reason: "not_recorded" };
  const version = Number(payload.rebuttal.version) || 0;
  return {
    verdict: verdictFor({ version }, current),
    reason: "signature",
    rebuttalId: current.rebuttalId,
    current,
  };
}

async function genuineCounterpart(deps: Deps, payload: SignedPayload) {
  const eventId = str(payload.event?.id);
  if (eventId && /^[0-9a-f-]{36}$/i.test(eventId)) {
    const row = await signatureOfEvent(deps.sql, eventId);
    if (row) return row;
  }
  const rebuttalId = str(payload.rebuttal?.id);
  const version = payload.rebuttal?.version;
  if (rebuttalId && /^[0-9a-f-]{36}$/i.test(rebuttalId) && Number.isInteger(version)) {
    return signatureOfVersion(deps.sql, rebuttalId, version);
  }
  return undefined;
}

/** What a presented payload changed in a signed one: the fields, and the text differences. */
export function payloadDifferences(signed: SignedPayload, presented: SignedPayload) {
  const a = signed.rebuttal as unknown as Record<string, unknown>;
  const b = (presented.rebuttal ?? {}) as unknown as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changedFields = fields
    .filter((f) => canonicalJson(a[f] ?? null) !== canonicalJson(b[f] ?? null))
    .map((f) => `rebuttal.${f}`);
  const text = (r: Record<string, unknown>) =>
    wholeText({
      title: String(r.title ?? ""),
      summary: String(r.summary ?? ""),
      body: String(r.body ?? ""),
    });
  const compared = likeness(text(a), text(b));
  return {
    changedFields,
    ...(compared ? { differences: compared.differences, similarity: compared.similarity } : {}),
  };
}
