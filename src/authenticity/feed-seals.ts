import type { Deps } from "../deps.ts";
import type { EnvelopeSignature } from "../events/envelope.ts";
import { escapeHtml as xml } from "../http/html.ts";
import { latestSignaturesOf } from "./db/signatures.ts";
import { envelopeSignature } from "./envelope-signature.ts";

/** The XML namespace of `<chorus:verify>` in Atom and RSS (named after the payload format). */
export const FEED_NAMESPACE = "urn:chorus:signed-message:1";

/**
 * The latest signed message of each rebuttal (one query), by rebuttal id; rebuttals never
 * signed are absent.
 * @example const seals = await feedSeals(deps, items.map((r) => r.id));
 */
export async function feedSeals(
  deps: Deps,
  rebuttalIds: string[],
): Promise<Map<string, EnvelopeSignature>> {
  const rows = await latestSignaturesOf(deps.sql, rebuttalIds);
  return new Map(rows.map((r) => [r.rebuttalId, envelopeSignature(deps, r)]));
}

/**
 * An Atom/RSS entry's seal: `<chorus:verify>` (declaring its namespace itself, so the feed's
 * root stays as it is) holding the signed payload (canonical JSON has no raw line breaks, so
 * XML keeps its bytes); Atom entries also link their verification page.
 */
export function xmlSeal(seal: EnvelopeSignature | undefined, atom: boolean): string {
  if (!seal) return "";
  const link = atom ? `<link rel="related" title="核验真伪" href="${xml(seal.verifyUrl)}"/>` : "";
  return `\n${link}<chorus:verify xmlns:chorus="${FEED_NAMESPACE}" code="${seal.code}" kid="${xml(seal.kid)}" alg="${seal.alg}" signature="${seal.signature}" href="${xml(seal.verifyUrl)}">${xml(seal.payload)}</chorus:verify>`;
}

/** A JSON Feed item's `_chorus` extension: enough to check it with the published keys alone. */
export function jsonFeedSeal(seal: EnvelopeSignature | undefined) {
  return seal ? { _chorus: { about: FEED_NAMESPACE, ...seal } } : {};
}
