import type { PendingQuery, Row } from "postgres";
import type { Sql } from "../../db/client.ts";
import { shingleHashes } from "../shingle-hash.ts";
import { filterSql, type LibraryFilters } from "./library.ts";
import type { RebuttalHitRow } from "./library-public.ts";

/**
 * A candidate rebuttal as the re-ranker sees it: what it scores (claim, title, verdict) and its
 * shingle sets projected on the query (`grams`: the hashes each shares with the query's, and
 * each set's full size), computed in Postgres so that no whole shingle array crosses the wire.
 * What only a shown hit needs arrives as one JSON text (`display`), read by `hitRow` for the
 * page alone, and only when the lookup asks for it (`display`): intake matching shows none (ADR
 * 0300). Rows whose derivation was invalidated by a text change come with their text and display
 * (`grams` null), to be derived on the fly.
 */
export interface CandidateRow {
  id: string;
  claim: string | null;
  title: string;
  verdict: string | null;
  /**
   * `[externalId, slug, summary, category, regions, publishedAt]` as JSON text; null when the
   * lookup did not ask for it (`display: false`), but for pending rows (`grams` null).
   */
  display: string | null;
  /** The projected sets in one text (`packGrams`), null while the row's derivation is pending. */
  grams: string | null;
  bodyMd: string | null;
  tags: string[] | null;
}

/** A candidate's shingle sets seen through the query: each set's size and the hashes it shares. */
export interface ProjectedGrams {
  claimN: number;
  docN: number;
  bodyN: number;
  claimHit: number[];
  docHit: number[];
  bodyHit: number[];
}

const ZERO = 48;
const MINUS = 45;
const SEMICOLON = 59;

/**
 * The projected sets from the candidate statement's `grams` text. One pass over the characters:
 * splitting into strings and converting each cost as much as postgres.js's array parser did.
 * With a `sink`, each shared hash is handed to it (`set` 0 claim, 1 doc, 2 body) instead of
 * being kept in the hit arrays, which stay empty: the search marks them as they come (ADR 0285).
 * @example unpackGrams("3;9;40;11,52;11,52,97;") → { claimN: 3, …, bodyHit: [] }
 */
export function unpackGrams(
  grams: string,
  sink?: { hash(set: number, hash: number): void },
): ProjectedGrams {
  const out: ProjectedGrams = {
    claimN: 0,
    docN: 0,
    bodyN: 0,
    claimHit: [],
    docHit: [],
    bodyHit: [],
  };
  let field = 0;
  let n = 0;
  let sign = 1;
  let digits = false;
  for (let i = 0; i <= grams.length; i++) {
    const c = i < grams.length ? grams.charCodeAt(i) : SEMICOLON;
    if (c >= ZERO && c <= ZERO + 9) {
      n = n * 10 + (c - ZERO);
      digits = true;
    } else if (c === MINUS) sign = -1;
    else {
      if (digits) {
        if (field === 0) out.claimN = n;
        else if (field === 1) out.docN = n;
        else if (field === 2) out.bodyN = n;
        else if (sink) sink.hash(field - 3, sign * n);
        else (field === 3 ? out.claimHit : field === 4 ? out.docHit : out.bodyHit).push(sign * n);
      }
      if (c === SEMICOLON) field++;
      n = 0;
      sign = 1;
      digits = false;
    }
  }
  return out;
}

/**
 * The `grams` text the candidate statement writes for projected sets (for replaying rows).
 * @example packGrams({ claimN: 3, docN: 9, bodyN: 40, claimHit: [11, 52], docHit: [11, 52, 97], bodyHit: [] })
 */
export function packGrams(p: ProjectedGrams): string {
  return [p.claimN, p.docN, p.bodyN, p.claimHit.join(), p.docHit.join(), p.bodyHit.join()].join(
    ";",
  );
}

/**
 * A candidate as a search hit shows it (its `display` JSON read: looked up with `display: true`).
 * @example const hit = hitRow(rows.get(id)!);
 */
export function hitRow(r: CandidateRow): RebuttalHitRow {
  if (r.display === null) throw new Error(`candidate ${r.id} was read without its display`);
  const [externalId, slug, summary, category, regions, publishedAt] = JSON.parse(r.display) as [
    string | null,
    string,
    string,
    string | null,
    string[],
    string,
  ];
  const { id, claim, title, verdict } = r;
  return {
    id,
    externalId,
    slug,
    claim,
    title,
    summary,
    verdict,
    category,
    regions,
    publishedAt: new Date(publishedAt),
  };
}

// intarray's `&` intersects the row's sorted hashes with the query's in one pass (migration 0150).
// A candidate crosses the wire as few columns as the re-rank reads: each column costs postgres.js
// a decode (a Date, text[] and int4[] parsed character by character) for each of the 120–140
// candidates of a search, of which ten are shown (ADR 0235). The shown hits' columns travel as one
// JSON text when asked for (a pending row's always: it is derived from them), the projected sets'
// sizes and shared hashes as one `;`/`,` list (`unpackGrams`; `concat_ws` would skip a null, and
// the hash arrays are `not null`, migration 0150). Fetching the ten shown rows' display in a
// statement of their own cost the API more than decoding all (ADR 0300).
const displayJson = (sql: Sql) => sql`json_build_array(r.external_id, r.slug, r.summary,
  r.category, r.regions, r.published_at)::text`;
const projection = (sql: Sql, hashes: number[], display: boolean) => sql`
  r.id, r.claim, r.title, r.verdict,
  ${display ? displayJson(sql) : sql`case when s.rebuttal_id is null then ${displayJson(sql)} end`} as display,
  case when s.rebuttal_id is not null then concat_ws(';',
    cardinality(s.claim_h), cardinality(s.doc_h), cardinality(s.body_h),
    array_to_string(s.claim_h & ${hashes}::int4[], ','),
    array_to_string(s.doc_h & ${hashes}::int4[], ','),
    array_to_string(s.body_h & ${hashes}::int4[], ',')) end as grams,
  case when s.rebuttal_id is null then r.body_md end as body_md,
  case when s.rebuttal_id is null then r.tags end as tags`;

/**
 * Live rebuttals sharing the query's rare bigrams (one GIN `&&` lookup on the claim/title/summary
 * hashes, one on the body's), those holding most of them first (claim/title weighing 3),
 * projected on the query's gram `hashes` (sorted, `queryGrams`); and, in the same statement, the newest live rebuttals
 * whose search rows are not derived yet (migration 0080), with their text to derive on the fly:
 * findable from the moment they commit.
 * @example await sqlCandidates(sql, { hashes, rareDoc, rareBody, filters: {}, docLimit: 70, bodyLimit: 20, pendingLimit: 50 });
 */
export async function sqlCandidates(sql: Sql, q: CandidateLookup): Promise<CandidateRow[]> {
  return candidateStatement(sql, q);
}

/** What the candidate statement looks a query up by. */
export interface CandidateLookup {
  hashes: number[];
  rareDoc: string[];
  rareBody: string[];
  filters: LibraryFilters;
  docLimit: number;
  bodyLimit: number;
  pendingLimit: number;
  /** Whether each candidate comes with its `display` (default true; matching shows none). */
  display?: boolean;
}

/**
 * The candidate statement of `sqlCandidates`, not yet run: a fragment that `explain (analyze,
 * buffers)` can wrap (bench/search-paths.ts).
 * @example await sql`explain (analyze, buffers) ${candidateStatement(sql, q)}`;
 */
export function candidateStatement(sql: Sql, q: CandidateLookup) {
  const rareDoc = shingleHashes(q.rareDoc);
  const rareBody = shingleHashes(q.rareBody);
  const live = sql`r.status = 'live' and not r.drill ${filterSql(sql, q.filters)}`;
  // Search rows exist only for live, non-drill rebuttals (derive.ts deletes the others in the
  // writing transaction): without filters the lookups are cut to their limits before any
  // rebuttal is read, and only the survivors are checked (a row left over lags by one index run).
  const filtered = Object.values(q.filters).some((v) => v !== undefined);
  // A looked-up row under a filter, and a pending mark always, is checked against its rebuttal by
  // primary key, in a correlated subquery the planner cannot turn into a join: as a join, a
  // filtered plan preferred reading the whole filter's index (rebuttals_live_verdict_idx: 25,000
  // entries at 100,000; ADR 0321).
  const isLive = (id: PendingQuery<Row[]>) =>
    sql`(select true from rebuttals r where r.id = ${id} and ${live})`;
  const best = (cte: "d" | "b", limit: number) =>
    filtered
      ? sql`select x.id, x.w, x.t from ${sql(cte)} x where ${isLive(sql`x.id`)}
          order by x.w desc, x.n, x.id limit ${limit}`
      : sql`select x.id, x.w, x.t from ${sql(cte)} x order by x.w desc, x.n, x.id limit ${limit}`;
  // Rows holding as many rare hashes are kept shortest first (the same evidence in fewer
  // bigrams), then by id: equal weights would otherwise follow the heap's row order, and a
  // query's candidates (and ranks) would move between two imports of the same library.
  // The lookups run first (materialized): after a bulk import the planner's statistics can be
  // stale, and a plan that probes every live rebuttal's search row costs seconds at 20,000.
  // A row is weighed by how many rare hashes it holds, `&` over its own small array (kept in
  // the heap page, migration 0150), in the same pass that found it; the pass also keeps where the
  // row lies (`ctid`), so a survivor's sets are read again from that spot, not through the
  // primary key's index (ADR 0319: −6 % of the statement's CPU). A rebuttal only pending has none
  // and is derived on the fly; the statement's one snapshot keeps every spot it saw readable.
  return sql<CandidateRow[]>`
    with d as materialized (
      select s.rebuttal_id as id, 3 * cardinality(s.doc_h & ${rareDoc}::int4[]) as w,
        cardinality(s.doc_h) as n, s.ctid as t
      from rebuttal_search s where s.doc_h && ${rareDoc}::int4[]
    ), b as materialized (
      select s.rebuttal_id as id, cardinality(s.body_h & ${rareBody}::int4[]) as w,
        cardinality(s.body_h) as n, s.ctid as t
      from rebuttal_search s where s.body_h && ${rareBody}::int4[]
    ), hits as (
      (${best("d", q.docLimit)})
      union all
      (${best("b", q.bodyLimit)})
      union all
      (select p.rebuttal_id, 0, null::tid from rebuttal_search_pending p
        where ${isLive(sql`p.rebuttal_id`)} order by p.since desc, p.rebuttal_id
        limit ${q.pendingLimit})
    ), best as (select id, sum(w) as w, max(t) as t from hits group by id)
    select ${projection(sql, q.hashes, q.display ?? true)}
    from best join rebuttals r on r.id = best.id
    left join rebuttal_search s on s.ctid = best.t
    where ${live}
    order by best.w desc, r.id`;
}

/**
 * The live rebuttals among `ids` (from Meilisearch) that pass the filters, projected on `hashes`,
 * with their `display` unless `display` is false.
 */
export async function candidatesById(
  sql: Sql,
  ids: string[],
  hashes: number[],
  filters: LibraryFilters,
  display = true,
): Promise<CandidateRow[]> {
  if (ids.length === 0) return [];
  return byIdStatement(sql, ids, hashes, filters, display);
}

/**
 * The statement of `candidatesById`, not yet run (for `explain` in bench/search-paths.ts).
 * @example await sql`explain (analyze, buffers) ${byIdStatement(sql, ids, hashes, {})}`;
 */
export function byIdStatement(
  sql: Sql,
  ids: string[],
  hashes: number[],
  filters: LibraryFilters,
  display = true,
) {
  return sql<CandidateRow[]>`
    select ${projection(sql, hashes, display)}
    from rebuttals r left join rebuttal_search s on s.rebuttal_id = r.id
    where r.id = any(${ids}::uuid[]) and r.status = 'live' and not r.drill
      ${filterSql(sql, filters)}`;
}
