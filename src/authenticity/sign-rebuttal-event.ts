import type { Sql } from "../db/client.ts";
import type { Deps } from "../deps.ts";
import { verificationCode } from "./code.ts";
import {
  insertSignature,
  insertSignatures,
  type SignableEvent,
  signableEvent,
  signableRebuttal,
  signableRebuttals,
  signatureOfEvent,
  signatureOfVersion,
  signedVersions,
} from "./db/signatures.ts";
import type { SigningKey } from "./keys.ts";
import { type ReaderDigest, readerDigest, signedPayloadOf } from "./payload.ts";
import { signPayload } from "./signature.ts";
import { currentSigningKey } from "./signing-keys.ts";

type Signed = { code: string; kid: string; signature: string };

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
): Promise<Signed> {
  const done = await signatureOfEvent(tx, event.id);
  if (done) return done;
  const facts = await signableEvent(tx, event.id);
  if (!facts) throw new Error(`event ${event.id} is not a public rebuttal event`);
  return signFacts(tx, deps, facts);
}

/**
 * The system signing path for a rebuttal loaded from a library (starter library, import): it
 * has no publication event, so it is signed as `rebuttal.imported` with no event id and no seq,
 * in the import's transaction. Idempotent per version.
 * @example const id = await insertLibraryItem(tx, item); await signImportedRebuttal(tx, deps, id);
 */
export async function signImportedRebuttal(
  tx: Sql,
  deps: Deps,
  rebuttalId: string,
): Promise<Signed> {
  const rebuttal = await signableRebuttal(tx, rebuttalId);
  if (!rebuttal) throw new Error(`no rebuttal ${rebuttalId}`);
  const done = await signatureOfVersion(tx, rebuttalId, rebuttal.version);
  if (done) return done;
  const event = { id: null, type: IMPORTED, seq: null, occurredAt: deps.now() };
  return signFacts(tx, deps, { event, rebuttal });
}

/** The event type of a signature made on import (never an event of the events table). */
export const IMPORTED = "rebuttal.imported";

/**
 * `signImportedRebuttal` for a whole import batch, in its transaction: the rebuttals read in one
 * query, signed in this process, their messages inserted in one statement (a code already taken
 * is retried one by one, as a single signing does). Versions already signed are skipped.
 * `known` may give a rebuttal's `readerDigest`, computed by the caller before the transaction;
 * it is asked with the rebuttal as read, and answers only for that very text.
 * @example await signImportedRebuttals(tx, deps, ids, (r) => prepared.get(r.id));
 */
export async function signImportedRebuttals(
  tx: Sql,
  deps: Deps,
  rebuttalIds: string[],
  known?: (r: SignableEvent["rebuttal"]) => ReaderDigest | undefined,
): Promise<void> {
  const rebuttals = await signableRebuttals(tx, rebuttalIds);
  if (rebuttals.length === 0) return;
  const done = await signedVersions(tx, rebuttals);
  const key = await currentSigningKey(tx, deps.config, deps.now());
  const rows = rebuttals
    .filter((r) => !done.has(`${r.id}:${r.version}`))
    .map((rebuttal) => {
      const event = { id: null, type: IMPORTED, seq: null, occurredAt: deps.now() };
      const row = signedRow(deps, { event, rebuttal }, key, known?.(rebuttal));
      return { ...row, code: verificationCode(row.signature, 0) };
    });
  const inserted = await insertSignatures(tx, rows);
  for (const row of rows) {
    if (!inserted.has(row.rebuttalId)) await insertWithFreeCode(tx, row, key.kid, 1);
  }
}

/** The signed message of the facts as a row, without its verification code. */
function signedRow(
  deps: Deps,
  facts: SignableEvent,
  key: SigningKey,
  digest = readerDigest(facts.rebuttal),
) {
  const { canonical } = signedPayloadOf(facts, { issuer: deps.config.publicUrl, kid: key.kid });
  const signature = signPayload(canonical, key);
  return {
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
    ...digest,
  };
}

async function signFacts(tx: Sql, deps: Deps, facts: SignableEvent): Promise<Signed> {
  const key = await currentSigningKey(tx, deps.config, deps.now());
  return insertWithFreeCode(tx, signedRow(deps, facts, key), key.kid, 0);
}

/** Inserts the message under the first verification code (from attempt `from`) no other holds. */
async function insertWithFreeCode(
  tx: Sql,
  row: ReturnType<typeof signedRow>,
  kid: string,
  from: number,
): Promise<Signed> {
  const { signature } = row;
  for (let attempt = from; attempt < 6; attempt++) {
    const code = verificationCode(signature, attempt);
    if (await insertSignature(tx, { ...row, code })) return { code, kid, signature };
  }
  throw new Error("no free verification code for this signature");
}
