import { canonicalJson, nfcDeep } from "./canonical.ts";
import type { SignableEvent } from "./db/signatures.ts";
import type { MessageText } from "./message-text.ts";
import { htmlToText, textHash, textUnits } from "./message-text.ts";

/** The format name every signed payload carries, so that a later format cannot be confused. */
export const PAYLOAD_FORMAT = "chorus.signed-message/1";

/** What Chorus signs for a public rebuttal event. Every string is NFC; numbers are integers. */
export interface SignedPayload {
  format: typeof PAYLOAD_FORMAT;
  issuer: string;
  kid: string;
  /** The event that published it; `{ id: null, type: "rebuttal.imported", seq: null }` on import. */
  event: { id: string | null; type: string; seq: number | null; occurredAt: string };
  rebuttal: {
    id: string;
    slug: string;
    url: string;
    kind: string;
    claim: string | null;
    verdict: string | null;
    title: string;
    summary: string;
    /** The body as its authors wrote it (Markdown). */
    body: string;
    category: string | null;
    regions: string[];
    coSigners: { id: string; name: string }[];
    version: number;
    publishedAt: string;
    updatedAt: string;
    retracted: boolean;
    retractionReason: string | null;
    drill: boolean;
  };
}

/**
 * The payload of a rebuttal event and its canonical (RFC 8785) text, the bytes that are signed.
 * @example const { payload, canonical } = signedPayloadOf(facts, { issuer: publicUrl, kid });
 */
export function signedPayloadOf(
  facts: SignableEvent,
  opts: { issuer: string; kid: string },
): { payload: SignedPayload; canonical: string } {
  const { event, rebuttal: r } = facts;
  const payload = nfcDeep<SignedPayload>({
    format: PAYLOAD_FORMAT,
    issuer: opts.issuer,
    kid: opts.kid,
    event: {
      id: event.id,
      type: event.type,
      seq: event.seq,
      occurredAt: event.occurredAt.toISOString(),
    },
    rebuttal: {
      id: r.id,
      slug: r.slug,
      url: `${opts.issuer}/r/${encodeURIComponent(r.slug)}`,
      kind: r.kind,
      claim: r.claim,
      verdict: r.verdict,
      title: r.title,
      summary: r.summary,
      body: r.bodyMd,
      category: r.category,
      regions: r.regions,
      coSigners: r.coSigners.map((o) => ({ id: o.id, name: o.name })),
      version: r.version,
      publishedAt: r.publishedAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      retracted: r.status === "retracted",
      retractionReason: r.retractionReason,
      drill: r.drill,
    },
  });
  return { payload, canonical: canonicalJson(payload) };
}

/** The text a reader of the published page sees of a rebuttal. */
export function readerText(r: ReaderFields): MessageText {
  return {
    title: r.title.normalize("NFC"),
    summary: r.summary.normalize("NFC"),
    body: htmlToText(r.bodyHtml).normalize("NFC"),
  };
}

/** The fields of a rebuttal its reader sees. */
export type ReaderFields = Pick<SignableEvent["rebuttal"], "title" | "summary" | "bodyHtml">;

/** What a signed message keeps of its reader's text (`readerText`). */
export interface ReaderDigest {
  /** The body as its reader sees it. */
  bodyText: string;
  /** The hashes of each part of the text someone may quote (`textUnits`), which find the message. */
  textHashes: string[];
}

/** The `ReaderDigest` of a rebuttal's text. */
export function readerDigest(r: ReaderFields): ReaderDigest {
  const text = readerText(r);
  return { bodyText: text.body, textHashes: textUnits(text).map(textHash) };
}

/** A payload someone presents: parsed loosely, since it may be anything. */
export function readPayload(raw: unknown): SignedPayload | undefined {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  return value as SignedPayload;
}
