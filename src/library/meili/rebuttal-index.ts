import { MeilisearchApiError, type Settings } from "meilisearch";
import { normalizeText } from "../../text/normalize.ts";
import { canonicalize } from "../synonyms.ts";
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
    // Synonyms are folded into the documents and the query (`canonicalize`), as Postgres's rows
    // are: Meilisearch expanding them cost about half of its CPU per query (ADR 0319).
    synonyms: {},
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

const fold = (text: string) => canonicalize(normalizeText(text));

/** The text of a search document. */
export type DocumentText = Pick<RebuttalDocument, "claim" | "title" | "summary" | "tags" | "body">;

/**
 * A rebuttal's text as its search document holds it: folded (`normalizeText`) with the synonyms
 * folded to their group's first word (`canonicalize`), the body trimmed to what search needs.
 */
export function documentText(
  r: Pick<RebuttalIndexRow, "claim" | "title" | "summary" | "tags" | "bodyMd">,
): DocumentText {
  return {
    claim: fold(r.claim ?? ""),
    title: fold(r.title),
    summary: fold(r.summary),
    tags: r.tags.map(fold),
    // Search re-ranks with the whole body from Postgres; Meilisearch needs its opening only, and
    // indexes a batch faster without the rest.
    body: fold(r.bodyMd.slice(0, 3000).replace(/[#*_>`[\]()-]+/g, " ")).slice(0, 2000),
  };
}

/** A rebuttal row as a search document, with its `documentText` if the caller has it already. */
export function toDocument(r: RebuttalIndexRow, text = documentText(r)): RebuttalDocument {
  return {
    id: r.id,
    slug: r.slug,
    ...text,
    category: r.category,
    verdict: r.verdict,
    regions: r.regions,
    status: r.status,
    kind: r.kind,
    publishedAt: r.publishedAt.getTime(),
  };
}

/**
 * Whether index `uid` holds documents written before synonyms were folded into them (ADR 0319):
 * every version that wrote those set Meilisearch's own synonyms, which none sets since.
 * False for a missing index.
 */
export async function writtenBeforeFolding(meili: MeiliHandle, uid: string): Promise<boolean> {
  if (!meili.client) return false;
  const synonyms = await meili.client
    .index(uid)
    .getSynonyms()
    .catch((err: unknown) => {
      if (err instanceof MeilisearchApiError && err.cause?.code === "index_not_found") return {};
      throw err;
    });
  return Object.keys(synonyms).length > 0;
}

/**
 * Creates the live index with its settings if it is missing; an existing one is left as it is
 * (a settings task would queue behind every other Meilisearch task, and an older form's settings
 * mark it for its rebuild: ADR 0319).
 */
export async function createRebuttalIndexIfMissing(meili: MeiliHandle): Promise<void> {
  if (!meili.client) return;
  const exists = await meili.client.getIndex(meili.indexName(REBUTTAL_INDEX)).then(
    () => true,
    () => false,
  );
  if (!exists) await ensureRebuttalIndex(meili);
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
