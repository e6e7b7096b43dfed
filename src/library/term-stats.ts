import type { Sql } from "../db/client.ts";

/** How often the planner statistics of the search rows are read again. */
const REFRESH_MS = 60_000;

export interface TermFrequencies {
  doc: Map<string, number>;
  body: Map<string, number>;
}

/**
 * Share of search rows holding each common bigram, from Postgres's own statistics on the
 * `rebuttal_search` arrays (`pg_stats.most_common_elems`, kept by ANALYZE/autovacuum): at most
 * a thousand entries per column whatever the library's size. Bigrams absent are rarer than all
 * of them. Read again at most once a minute.
 */
export class TermStats {
  private cached: { at: number; value: Promise<TermFrequencies> } | undefined;

  get(sql: Sql, now = Date.now()): Promise<TermFrequencies> {
    if (this.cached && now - this.cached.at < REFRESH_MS) return this.cached.value;
    const value = readTermFrequencies(sql).catch(() => ({ doc: new Map(), body: new Map() }));
    this.cached = { at: now, value };
    return value;
  }
}

async function readTermFrequencies(sql: Sql): Promise<TermFrequencies> {
  const rows = await sql<{ attname: string; elems: string[] | null; freqs: number[] | null }[]>`
    select attname, most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs
    from pg_stats
    where schemaname = current_schema() and tablename = 'rebuttal_search'
      and attname in ('doc_shingles', 'body_shingles')`;
  const out: TermFrequencies = { doc: new Map(), body: new Map() };
  for (const r of rows) {
    const map = r.attname === "doc_shingles" ? out.doc : out.body;
    for (const [i, e] of (r.elems ?? []).entries()) map.set(e, r.freqs?.[i] ?? 0);
  }
  return out;
}

/**
 * The query's most telling bigrams for an index lookup: the rarest first, those held by more
 * than `maxShare` of the rows left out (they would fetch half the library), at most `max`.
 * When every bigram is common, the `fallback` rarest are used anyway.
 * @example rareTerms(["盐水", "病毒"], freq.doc, { max: 32, maxShare: 0.05 }) → ["盐水"]
 */
export function rareTerms(
  terms: string[],
  freq: Map<string, number>,
  opts: { max: number; maxShare: number; fallback?: number },
): string[] {
  const sorted = terms
    .map((t, i) => ({ t, f: freq.get(t) ?? 0, i }))
    .sort((a, b) => a.f - b.f || a.i - b.i);
  const rare = sorted.filter((x) => x.f <= opts.maxShare).slice(0, opts.max);
  return (rare.length ? rare : sorted.slice(0, opts.fallback ?? 3)).map((x) => x.t);
}
