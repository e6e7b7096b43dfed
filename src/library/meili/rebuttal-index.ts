import type { Settings } from "meilisearch";
import { normalizeText } from "../../text/normalize.ts";
import { meiliSynonyms } from "../synonyms.ts";
import type { MeiliHandle } from "./client.ts";

/** The logical name of the library's index (the deployment prefix is added by the MeiliHandle). */
export const REBUTTAL_INDEX = "rebuttals";

/** What Meilisearch keeps of a live rebuttal. Text fields are folded (Simplified, NFKC). */
export interface RebuttalDocument {
  /** Our uuid: external ids may hold Chinese characters, which Meilisearch ids refuse. */
  id: string;
  slug: string;
  claim: string;
  title: string;
  summary: string;
  tags: string[];
  body: string;
  category: string | null;
  verdict: string | null;
  regions: string[];
  status: string;
  kind: string;
  publishedAt: number;
}

/** Index settings live in code and are applied at start, by the index task and by reindex. */
export function rebuttalIndexSettings(): Settings {
  return {
    searchableAttributes: ["claim", "title", "summary", "tags", "body"],
    filterableAttributes: ["category", "verdict", "regions", "status", "kind", "publishedAt"],
    sortableAttributes: ["publishedAt"],
    displayedAttributes: ["id", "slug", "claim", "title", "summary", "publishedAt"],
    synonyms: meiliSynonyms(),
    localizedAttributes: [{ attributePatterns: ["*"], locales: ["cmn"] }],
    pagination: { maxTotalHits: 1000 },
    // No facet search is ever asked for: not building it makes indexing cheaper (ADR 0150).
    facetSearch: false,
    // Words near each other count per attribute, not per word distance: no word-pair extraction,
    // about half of Meilisearch's indexing CPU. Where Meilisearch's order decides (ADR 0265), a
    // few hand-written queries rank lower; measured and taken for the import (ADR 0317).
    proximityPrecision: "byAttribute",
  };
}

/** The source row of a document, as src/library/db/library.ts reads it. */
export interface RebuttalIndexRow {
  id: string;
  slug: string;
  claim: string | null;
  title: string;
  summary: string;
  tags: string[];
  bodyMd: string;
  category: string | null;
  verdict: string | null;
  regions: string[];
  status: string;
  kind: string;
  publishedAt: Date;
}

/** A rebuttal row as a search document (folded text, body trimmed to what search needs). */
export function toDocument(r: RebuttalIndexRow): RebuttalDocument {
  return {
    id: r.id,
    slug: r.slug,
    claim: normalizeText(r.claim ?? ""),
    title: normalizeText(r.title),
    summary: normalizeText(r.summary),
    tags: r.tags.map(normalizeText),
    // Search re-ranks with the whole body from Postgres; Meilisearch needs its opening only, and
    // indexes a batch faster without the rest.
    body: normalizeText(r.bodyMd.slice(0, 3000).replace(/[#*_>`[\]()-]+/g, " ")).slice(0, 2000),
    category: r.category,
    verdict: r.verdict,
    regions: r.regions,
    status: r.status,
    kind: r.kind,
    publishedAt: r.publishedAt.getTime(),
  };
}

/**
 * Creates the index if needed and applies the settings, waiting for both tasks.
 * @example await ensureRebuttalIndex(deps.search);
 */
export async function ensureRebuttalIndex(
  meili: MeiliHandle,
  name = REBUTTAL_INDEX,
): Promise<string> {
  if (!meili.client) throw new Error("Meilisearch is not configured");
  const uid = meili.indexName(name);
  await meili.client
    .createIndex(uid, { primaryKey: "id" })
    .waitTask({ timeout: 30_000, interval: 10 });
  const task = await meili.client
    .index(uid)
    .updateSettings(rebuttalIndexSettings())
    .waitTask({ timeout: 30_000, interval: 10 });
  if (task.status === "failed") throw new Error(`settings of ${uid}: ${task.error?.message}`);
  return uid;
}
