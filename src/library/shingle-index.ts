import type { Sql } from "../db/client.ts";
import { type LibraryFilters, libraryVersion, loadSearchEntries } from "./db/library.ts";
import type { RebuttalHitRow } from "./db/library-public.ts";
import { deriveSearch } from "./derive.ts";
import type { ShingleDoc } from "./score.ts";

/** A live rebuttal's shingles and what a search hit shows of it. */
export interface IndexedRebuttal extends ShingleDoc {
  id: string;
  title: string;
  verdict: string | null;
  category: string | null;
  regions: string[];
  hit: RebuttalHitRow;
}

/** The live library's shingles held in memory, with postings shingle → entries and weight. */
export interface ShingleIndex {
  version: string;
  entries: IndexedRebuttal[];
  byId: Map<string, IndexedRebuttal>;
  postings: Map<string, { entry: number; weight: number }[]>;
}

async function build(sql: Sql, version: string): Promise<ShingleIndex> {
  const entries: IndexedRebuttal[] = [];
  const postings: ShingleIndex["postings"] = new Map();
  for (const row of await loadSearchEntries(sql)) {
    const d =
      row.claimShingles && row.docShingles && row.bodyShingles
        ? {
            claimShingles: row.claimShingles,
            docShingles: row.docShingles,
            bodyShingles: row.bodyShingles,
          }
        : deriveSearch(row);
    const entry: IndexedRebuttal = {
      id: row.id,
      title: row.title,
      verdict: row.verdict,
      category: row.category,
      regions: row.regions,
      hit: {
        id: row.id,
        externalId: row.externalId,
        slug: row.slug,
        claim: row.claim,
        title: row.title,
        summary: row.summary,
        verdict: row.verdict,
        category: row.category,
        regions: row.regions,
        publishedAt: row.publishedAt,
      },
      claim: new Set(d.claimShingles),
      doc: new Set(d.docShingles),
      body: new Set(d.bodyShingles),
    };
    const n = entries.push(entry) - 1;
    for (const s of new Set([...entry.doc, ...entry.body])) {
      const list = postings.get(s) ?? [];
      list.push({ entry: n, weight: entry.doc.has(s) ? 3 : 1 });
      postings.set(s, list);
    }
  }
  return { version, entries, postings, byId: new Map(entries.map((e) => [e.id, e])) };
}

const cached = new WeakMap<object, Promise<ShingleIndex>>();

/**
 * The in-memory shingle index of the library in `sql`'s database, rebuilt whenever the
 * library's fingerprint changes (one cheap query per call), so every node and every process
 * sees publishes, edits and retractions at once. Postgres stays the only source.
 */
export async function shingleIndex(sql: Sql): Promise<ShingleIndex> {
  const version = await libraryVersion(sql);
  const current = cached.get(sql);
  if (current && (await current).version === version) return current;
  const next = build(sql, version);
  cached.set(sql, next);
  next.catch(() => cached.delete(sql));
  return next;
}

/** Entries sharing shingles with the query, most shared (claim/title weighted) first. */
export function candidates(
  index: ShingleIndex,
  terms: string[],
  filters: LibraryFilters,
  limit: number,
): IndexedRebuttal[] {
  const weight = new Map<number, number>();
  for (const t of terms) {
    for (const p of index.postings.get(t) ?? [])
      weight.set(p.entry, (weight.get(p.entry) ?? 0) + p.weight);
  }
  return [...weight.entries()]
    .map(([n, w]) => ({ e: index.entries[n]!, w }))
    .filter(({ e }) => matchesFilters(e, filters))
    .sort((a, b) => b.w - a.w)
    .slice(0, limit)
    .map(({ e }) => e);
}

function matchesFilters(e: IndexedRebuttal, f: LibraryFilters): boolean {
  return (
    (!f.category || e.category === f.category) &&
    (!f.verdict || e.verdict === f.verdict) &&
    (!f.region || e.regions.includes(f.region))
  );
}
