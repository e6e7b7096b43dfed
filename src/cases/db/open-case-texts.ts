import type { PendingQuery, Row } from "postgres";
import type { Sql } from "../../db/client.ts";
import {
  type CaseCandidates,
  COMPARED_CHARS,
  MIN_WEIGHT,
  type QueryHashes,
  similarityOfWeightsSql,
} from "../similarity.ts";

/** How many of a case's latest reports intake compares a report with. */
export const PER_CASE = 10;

/**
 * One text of an open case: a case's best score over its reports, scored by Postgres from their
 * stored shingle hashes (`score`), or, for a text it has no hashes of (a case's own
 * title/description, an older report), the folded text, to be compared in Node.
 */
export type CaseText = { caseId: string } & (
  | { text: string; score: null }
  | { text: null; score: number }
);

/** The cases intake compares reports with and attaches them to (as `c`): open, not drills. */
export const isOpen = (sql: Sql) =>
  sql`c.status in ('new', 'triaged', 'drafting', 'in_review') and not c.drill`;

/**
 * The texts of the open cases `which` selects (a condition on `c`): each case's own, and its
 * latest reports' counted against the query's hashes `q` (a report sharing no shingle with the
 * query scores 0 and is left out). The cases are selected once (`cand`, materialized: the
 * condition costs intarray work per case, and both branches would otherwise evaluate it). The
 * query's arrays are first cut, once per case, to the hashes the case's texts hold together
 * (`c.shingle_hashes`, which holds every report's, or is null): intarray sorts both arrays of
 * every `&`, and a pasted message's hold thousands (ADR 0270).
 */
const caseTexts = (sql: Sql, q: QueryHashes, which: PendingQuery<Row[]>) => sql`
  with cand as materialized (
    select c.id, c.match_norm, c.shingle_hashes from cases c where ${isOpen(sql)} and ${which}
  )
  select c.id as case_id, left(c.match_norm, ${COMPARED_CHARS}) as text,
         null::int as n, null::int as nc, null::int as sd, null::int as sc
  from cand c where c.match_norm <> ''
  union all
  select r.case_id, case when r.shingle_hashes is null then left(r.text_norm, ${COMPARED_CHARS}) end,
         icount(r.shingle_hashes), icount(r.shingle_hashes & k.common_all),
         icount(r.shingle_hashes & k.distinct), icount(r.shingle_hashes & k.common)
  from cand c
  cross join lateral (
    select coalesce(c.shingle_hashes & ${q.commonAll}::int4[], ${q.commonAll}::int4[]) as common_all,
           coalesce(c.shingle_hashes & ${q.distinct}::int4[], ${q.distinct}::int4[]) as distinct,
           coalesce(c.shingle_hashes & ${q.common}::int4[], ${q.common}::int4[]) as common,
           coalesce(c.shingle_hashes & ${[...q.distinct, ...q.common]}::int4[],
                    ${[...q.distinct, ...q.common]}::int4[]) as any
    offset 0
  ) k
  cross join lateral (
    select case_id, text_norm, shingle_hashes from reports
    where case_id = c.id and text_norm <> '' order by created_at desc limit ${PER_CASE}
  ) r
  where r.shingle_hashes is null or r.shingle_hashes && k.any`;

/**
 * `caseTexts` with each report's score against the query (`similarityOfWeights`, computed by
 * Postgres from the counts, the same to the bit: ADR 0240); texts without hashes score null.
 */
const scoredTexts = (sql: Sql, q: QueryHashes, which: PendingQuery<Row[]>) => {
  const textWeight = sql`(t.n - t.nc)::float8 + t.nc::float8 * ${q.commonWeight}::float8`;
  const shared = sql`t.sd::float8 + t.sc::float8 * ${q.commonWeight}::float8`;
  const score = similarityOfWeightsSql(sql, sql`${q.weight}::float8`, textWeight, shared);
  return sql`
    select t.case_id, t.text, case when t.text is null then ${score} end as score
    from (${caseTexts(sql, q, which)}) t`;
};

/**
 * What a reading sends to Node: each case's best score over its scored texts when it reaches
 * `min` (and is above 0), and every text without hashes; one row per case, not per report.
 */
const bestTexts = (sql: Sql, q: QueryHashes, which: PendingQuery<Row[]>, min: number) => sql`
  with s as (${scoredTexts(sql, q, which)})
  select s.case_id, null::text as text, max(s.score) as score from s where s.text is null
  group by s.case_id having max(s.score) > 0 and max(s.score) >= ${min}::float8
  union all
  select s.case_id, s.text, null::float8 from s where s.text is not null`;

/**
 * The cases `which` names (all when none): those whose texts together share `minShared` with the
 * query, and `line` times the lighter of the query and their lightest text when that is known
 * (migration 0291), and hold a `wanted` hash (GIN `&&`, migration 0197) or a text of
 * `commonShare` or more (migration 0215); a case whose texts are unknown is always read.
 */
const candidates = (sql: Sql, q: QueryHashes, which: CaseCandidates | undefined) => {
  if (!which) return sql`true`;
  const common =
    which.commonShare === undefined
      ? sql``
      : sql`or c.common_share >= ${which.commonShare} or c.common_share is null`;
  const near = which.wanted
    ? sql`(c.shingle_hashes && ${which.wanted}::int4[] ${common})`
    : sql`true`;
  const shared = sql`icount(c.shingle_hashes & ${q.distinct}::int4[])
      + ${q.commonWeight}::float8 * icount(c.shingle_hashes & ${q.common}::int4[])`;
  // The lighter of the query and the case's lightest text bounds every text's score (0291).
  const lighter = sql`greatest(${MIN_WEIGHT}::float8, least(${q.weight}::float8, c.least_weight))`;
  // The shared weight once per case (`offset 0` keeps Postgres from inlining it twice).
  return sql`(c.shingle_hashes is null or ${near}
    and (select x.shared >= ${which.minShared}::float8
           and (c.least_weight is null or x.shared >= ${which.line}::float8 * ${lighter} - 1e-9)
         from (select ${shared} as shared offset 0) x))`;
};

/**
 * The open, non-drill cases' texts (only the candidates `which` names, when given): each case's
 * best score against the query `q` where Postgres has its reports' hashes (only when it reaches
 * `min`), the texts it has none of, and the snapshot they were read in (`pg_current_snapshot`),
 * so that a later reading can take only what changed since (`changedCaseTexts`).
 */
export async function openCaseTexts(
  sql: Sql,
  q: QueryHashes,
  which?: CaseCandidates,
  min = 0,
  repeat?: Repeat,
): Promise<{ snapshot: string; texts: CaseText[]; repeat: boolean }> {
  const texts = bestTexts(sql, q, candidates(sql, q, which), min);
  const none = sql`select null::uuid as case_id where false`;
  const rows = await sql<({ snapshot: string; repeat: boolean } & (CaseText | { caseId: null }))[]>`
    with rep as (${repeat ? repeatCase(sql, repeat) : none}),
    t as (${texts})
    select pg_current_snapshot()::text as snapshot, true as repeat, rep.case_id,
           null::text as text, ${repeat?.score ?? 0}::float8 as score
    from rep
    union all
    select pg_current_snapshot()::text as snapshot, false, t.*
    from (select 1) one left join t on true where not exists (select 1 from rep)`;
  return {
    snapshot: rows[0]!.snapshot,
    texts: rows
      .filter((r) => r.caseId !== null)
      .map(({ caseId, text, score }) => ({ caseId, text, score }) as CaseText),
    repeat: rows[0]!.repeat,
  };
}

/**
 * A report's folded text, to find an open case holding the same text among its latest reports
 * (migration 0270), and the score that text has against its stored copy.
 */
export interface Repeat {
  textNorm: string;
  score: number;
}

/**
 * The open, non-drill case holding the newest report of the same folded text among its latest
 * `PER_CASE` (the reading compares a report with those only), looked up by the text's digest
 * among the 20 newest reports of that text (ADR 0270).
 */
const repeatCase = (sql: Sql, r: Repeat) => sql`
  select x.case_id from (
    select id, case_id, created_at from reports
    where md5(text_norm) = md5(${r.textNorm}) and case_id is not null
    order by md5(text_norm), created_at desc limit 20
  ) x
  join cases c on c.id = x.case_id
  join reports same on same.id = x.id and same.text_norm = ${r.textNorm}
  where ${isOpen(sql)}
    and (select count(*) from (
           select 1 from reports n
           where n.case_id = x.case_id and n.text_norm <> '' and n.created_at >= x.created_at
             and n.id <> x.id
           limit ${PER_CASE}) newer) < ${PER_CASE}
  order by x.created_at desc limit 1`;

/**
 * The ids of the cases changed (a case's text, state or drill flag; a report added, moved or
 * re-read) by transactions that `snapshot` did not see (migration 0196), but for `own`.
 */
const changedCases = (sql: Sql, snapshot: string, own: string | null = null) => {
  const xmin = snapshot.split(":")[0]!;
  return sql`
    select c.id from cases c
    where c.intake_xid >= ${xmin}::xid8
      and not pg_visible_in_snapshot(c.intake_xid, ${snapshot}::pg_snapshot)
      and c.id is distinct from ${own}::uuid
    union
    select r.case_id from reports r
    where r.intake_xid >= ${xmin}::xid8 and r.case_id is not null
      and not pg_visible_in_snapshot(r.intake_xid, ${snapshot}::pg_snapshot)
      and r.case_id is distinct from ${own}::uuid`;
};

/**
 * Cases changed (a case's text, state or drill flag; a report added, moved or re-read) by
 * transactions that `snapshot` did not see (migration 0196), with the texts of those still open;
 * a changed case that is no longer open comes with no texts.
 */
export async function changedCaseTexts(
  sql: Sql,
  snapshot: string,
  q: QueryHashes,
): Promise<{ changed: Set<string>; texts: CaseText[] }> {
  const rows = await sql<(CaseText & { changed: boolean })[]>`
    with ch as (${changedCases(sql, snapshot)}),
    t as (${bestTexts(sql, q, sql`c.id in (select id from ch)`, 0)})
    select ch.id as case_id, null as text, null::float8 as score, true as changed from ch
    union all
    select t.*, false from t`;
  return {
    changed: new Set(rows.filter((r) => r.changed).map((r) => r.caseId)),
    texts: rows.filter((r) => !r.changed) as CaseText[],
  };
}

/** What the statement that opens a case found under the intake lock (`openingStatement`). */
export type Opening =
  | { opened: true }
  | { opened: false; covering: string; score: number }
  | { opened: false; covering: null; undecided: true };

/**
 * Sent right after the intake lock in the transaction that wrote the case `own` and its report
 * (ADR 0240): rescoring, in Postgres, the cases changed since `snapshot` (but `own`), it appends
 * the audit entry `audit` and answers `opened` if none covers the report (`min`), else says it
 * cannot decide (a changed text Postgres has no hashes for, to be compared in Node under the lock,
 * which may outscore any case Postgres scored) or names the best covering case, and writes nothing. The scores are `similarityOfWeights`' to the bit.
 * @example const o = (await Promise.all([lockIntake(tx), openingStatement(tx, …)]))[1];
 */
export async function openingStatement(
  sql: Sql,
  d: {
    snapshot: string;
    q: QueryHashes;
    own: string;
    min: number;
    audit: PendingQuery<Row[]>;
  },
): Promise<Opening> {
  const { q } = d;
  const [row] = await sql<{ covering: string | null; score: number | null; undecided: boolean }[]>`
    with ch as (${changedCases(sql, d.snapshot, d.own)}),
    s as (${scoredTexts(sql, q, sql`c.id in (select id from ch)`)}),
    b as (select s.case_id, s.score from s where s.score >= ${d.min}::float8 and s.score > 0
          order by s.score desc limit 1),
    d as materialized (
      select (select case_id from b) as covering, (select score from b) as score,
             exists (select 1 from s where s.text is not null) as undecided
    )
    select d.covering, d.score, d.undecided,
           case when d.covering is null and not d.undecided then ${d.audit} end as audit
    from d`;
  // Undecided first: a text compared in Node may outscore the covering case Postgres found.
  if (row!.undecided) return { opened: false, covering: null, undecided: true };
  if (row!.covering) return { opened: false, covering: row!.covering, score: row!.score! };
  return { opened: true };
}
