import type { Sql } from "../db/client.ts";
import { shingleHash } from "./shingle-hash.ts";

/** How often the planner statistics of the search rows are read again. */
const REFRESH_MS = 60_000;

export interface TermFrequencies {
  /** Share of rows by shingle hash (`shingleHash`), claim/title/summary and body. */
  doc: Map<number, number>;
  body: Map<number, number>;
  /** The least share listed in each column (what an unlisted bigram is weighed against). */
  rarest: { doc: number; body: number };
  /** Rows of rebuttal_search, as the planner estimates them. */
  rows: number;
}

/**
 * Share of search rows holding each common bigram (by hash), from Postgres's own statistics on
 * the `rebuttal_search` arrays (`pg_stats.most_common_elems`, kept by ANALYZE/autovacuum): at most
 * a thousand entries per column whatever the library's size. Bigrams absent are rarer than all
 * of them. Read again at most once a minute.
 */
export class TermStats {
  private cached: { at: number; value: Promise<TermFrequencies> } | undefined;

  get(sql: Sql, now = Date.now()): Promise<TermFrequencies> {
    if (this.cached && now - this.cached.at < REFRESH_MS) return this.cached.value;
    const value = readTermFrequencies(sql).catch(() => ({
      doc: new Map(),
      body: new Map(),
      rarest: { doc: 1, body: 1 },
      rows: 0,
    }));
    this.cached = { at: now, value };
    return value;
  }
}

async function readTermFrequencies(sql: Sql): Promise<TermFrequencies> {
  const [rows, [size]] = await Promise.all([
    sql<{ attname: string; elems: number[] | null; freqs: number[] | null }[]>`
      select attname, most_common_elems::text::int4[] as elems, most_common_elem_freqs as freqs
      from pg_stats
      where schemaname = current_schema() and tablename = 'rebuttal_search'
        and attname in ('doc_h', 'body_h')`,
    sql<{ n: number }[]>`
      select greatest(reltuples, 0)::float8 as n from pg_class
      where oid = to_regclass('rebuttal_search')`,
  ]);
  const out: TermFrequencies = {
    doc: new Map(),
    body: new Map(),
    rarest: { doc: 1, body: 1 },
    rows: size?.n ?? 0,
  };
  for (const r of rows) {
    const map = r.attname === "doc_h" ? out.doc : out.body;
    for (const [i, e] of (r.elems ?? []).entries()) map.set(e, r.freqs?.[i] ?? 0);
  }
  out.rarest = { doc: rarestOf(out.doc), body: rarestOf(out.body) };
  return out;
}

/** The least share in a column's statistics (1 when it lists none). */
export function rarestOf(freq: Map<number, number>): number {
  let rarest = 1;
  for (const f of freq.values()) rarest = Math.min(rarest, f);
  return rarest;
}

/**
 * The query's most telling bigrams for an index lookup: the rarest first, taken while the rows
 * they may fetch (their estimated counts added up) stay within `budget`, at most `max`; grams of
 * `prefer` (the query's content words) go first, so that the budget is spent on the rumour's own
 * words, not on rare bigrams across word boundaries (蒜真, 冠吗) that its rebuttal never writes;
 * then the rest, rarest first, while they fit; then the rarest left until there are `min`. A
 * bigram missing from the statistics is rarer than every one listed: it counts half the rarest
 * listed one (`opts.rarest`, worked out once per read of the statistics: at a statistics target of
 * 1,000 a column lists ≈ 10,000 bigrams, and scanning them twice per search cost ≈ 4 % of the
 * API's CPU at 100,000 rebuttals). Without statistics (a small or new library) all count as rare.
 * @example rareTerms(["蒜能", "大蒜"], freq.doc, freq.rows, { budget: 600, min: 2, max: 64, prefer: new Set(["大蒜"]) })
 */
export function rareTerms(
  terms: string[],
  freq: Map<number, number>,
  rows: number,
  opts: {
    budget: number;
    min: number;
    max: number;
    prefer?: ReadonlySet<string>;
    rarest?: number;
  },
): string[] {
  const rarest = opts.rarest ?? rarestOf(freq);
  // Estimated rows per term, and the terms' positions sorted by it (then by position): typed
  // arrays, not an object per term (a pasted message has up to 400 terms, ADR 0285).
  const fetches = new Float64Array(terms.length);
  for (let i = 0; i < terms.length; i++)
    fetches[i] = (freq.get(shingleHash(terms[i]!)) ?? rarest / 2) * rows;
  const sorted = new Uint32Array(terms.length);
  for (let i = 0; i < sorted.length; i++) sorted[i] = i;
  sorted.sort((a, b) => fetches[a]! - fetches[b]! || a - b);
  const out: string[] = [];
  const taken = new Uint8Array(terms.length);
  let fetched = 0;
  const pass = (want: (t: string) => boolean, always: boolean) => {
    for (let k = 0; k < sorted.length; k++) {
      if (out.length >= opts.max) return;
      const t = terms[sorted[k]!]!;
      const n = fetches[sorted[k]!]!;
      if (taken[k] || !want(t) || !(always || fetched + n <= opts.budget)) continue;
      out.push(t);
      taken[k] = 1;
      fetched += n;
    }
  };
  if (opts.prefer?.size) pass((t) => opts.prefer!.has(t), false);
  pass(() => true, false);
  pass(() => out.length < opts.min, true);
  return out;
}
