import type { Deps } from "../deps.ts";
import { type SignatureRow, signatureOfEvent, signatureOfVersion } from "./db/signatures.ts";

/** A signed message as channels carry it: the exact signed bytes, the signature and the code. */
export interface SignedMessage {
  /** Null (and `seq` too) for a rebuttal signed when it was imported. */
  eventId: string | null;
  rebuttalId: string;
  version: number;
  seq: number | null;
  type: string;
  kid: string;
  alg: "Ed25519";
  /** The signed bytes: RFC 8785 canonical JSON (see `SignedPayload`). */
  payload: string;
  /** Ed25519 over the UTF-8 bytes of `payload`, base64url. */
  signature: string;
  code: string;
  /** The public verification page of this message (what its QR code holds). */
  verifyUrl: string;
  signedAt: string;
}

/** The public verification page of a code. */
export function verifyUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/verify/${code}`;
}

/** A stored signature row as the signed message channels carry. */
export function signedMessage(deps: Deps, row: SignatureRow): SignedMessage {
  return {
    eventId: row.eventId,
    rebuttalId: row.rebuttalId,
    version: row.version,
    seq: row.seq,
    type: row.eventType,
    kid: row.kid,
    alg: "Ed25519",
    payload: row.payload,
    signature: row.signature,
    code: row.code,
    verifyUrl: verifyUrl(deps.config.publicUrl, row.code),
    signedAt: row.createdAt.toISOString(),
  };
}

/**
 * The signed message of a public rebuttal event, for the channels that deliver that event
 * (webhook header, email footer, feeds, socket envelope); undefined for other events.
 * @example const signed = await signatureFor(deps, envelope.id);
 */
export async function signatureFor(
  deps: Deps,
  eventId: string,
): Promise<SignedMessage | undefined> {
  const row = await signatureOfEvent(deps.sql, eventId);
  return row && signedMessage(deps, row);
}

/**
 * The latest signed message of one version of a rebuttal (its retraction, once retracted).
 * @example const signed = await signedPayload(deps, rebuttal.id, rebuttal.version);
 */
export async function signedPayload(
  deps: Deps,
  rebuttalId: string,
  version: number,
): Promise<SignedMessage | undefined> {
  const row = await signatureOfVersion(deps.sql, rebuttalId, version);
  return row && signedMessage(deps, row);
}
