/**
 * `npx tsx bench/candidate-rows.ts`: what a search's candidate rows cost this process to receive
 * and decode, by the shape of the row. Imports the shared data plus `ROWS_SIZE` generated
 * rebuttals (default 5,000), takes each bench:scale query's candidates (`sqlCandidates`), then
 * fetches the same rows by id in each shape, the shapes taking turns for `ROWS_ROUNDS` rounds:
 * prints CPU ms of this process and of Postgres per candidate query, rows per query, and the
 * ratio against the first shape (main's row before ADR 0235) measured in the same run; each
 * shape decodes what the search reads of its rows (every projection, ten hits). The last two
 * (ADR 0300): no display with the candidates and a second statement for the ten shown (tried for
 * search, not kept: it cost this process more than it saved), and intake matching's, no display.
 */
import os from "node:os";
import type { Sql } from "../src/db/client.ts";
import {
  type CandidateRow,
  candidatesById,
  hitRow,
  sqlCandidates,
  unpackGrams,
} from "../src/library/db/candidates.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { queryGrams } from "../src/library/projected-set.ts";
import { queryTerms } from "../src/library/query-terms.ts";
import { BUDGET, LIMITS } from "../src/library/retrieve.ts";
import { rareTerms, TermStats } from "../src/library/term-stats.ts";
import { generate, sentences } from "./generate-library.ts";
import { libraryServices, loadQueries, loadSharedData, processCpuMs } from "./library-env.ts";

const SIZE = Number(process.env.ROWS_SIZE ?? 5000);
const ROUNDS = Number(process.env.ROWS_ROUNDS ?? 4);
const { dxy, cofacts } = loadSharedData();
const queries = loadQueries({ dxy, cofacts }).slice(0, 200);

/** Main's candidate row before ADR 0235: every hit column decoded by postgres.js. */
const wideRow = (sql: Sql, ids: string[], hashes: number[]) => sql`
  select r.id, r.external_id, r.slug, r.claim, r.title, r.summary, r.verdict, r.category,
    r.regions, r.published_at, s.rebuttal_id is not null as derived,
    coalesce(cardinality(s.claim_h), 0) as claim_n,
    coalesce(cardinality(s.doc_h), 0) as doc_n,
    coalesce(cardinality(s.body_h), 0) as body_n,
    s.claim_h & ${hashes}::int4[] as claim_hit,
    s.doc_h & ${hashes}::int4[] as doc_hit,
    s.body_h & ${hashes}::int4[] as body_hit,
    case when s.rebuttal_id is null then r.body_md end as body_md,
    case when s.rebuttal_id is null then r.tags end as tags
  from rebuttals r left join rebuttal_search s on s.rebuttal_id = r.id
  where r.id = any(${ids}::uuid[]) and r.status = 'live' and not r.drill`;

/** The display JSON with the projected sets as main's int4 / int4[] columns. */
const jsonRow = (sql: Sql, ids: string[], hashes: number[]) => sql`
  select r.id, r.claim, r.title, r.verdict,
    json_build_array(r.external_id, r.slug, r.summary, r.category, r.regions,
      r.published_at)::text as display,
    s.rebuttal_id is not null as derived,
    coalesce(cardinality(s.claim_h), 0) as claim_n,
    coalesce(cardinality(s.doc_h), 0) as doc_n,
    coalesce(cardinality(s.body_h), 0) as body_n,
    s.claim_h & ${hashes}::int4[] as claim_hit,
    s.doc_h & ${hashes}::int4[] as doc_hit,
    s.body_h & ${hashes}::int4[] as body_hit,
    case when s.rebuttal_id is null then r.body_md end as body_md,
    case when s.rebuttal_id is null then r.tags end as tags
  from rebuttals r left join rebuttal_search s on s.rebuttal_id = r.id
  where r.id = any(${ids}::uuid[]) and r.status = 'live' and not r.drill`;

/** Main's display columns with the projected sets packed as this branch sends them. */
const widePackedRow = (sql: Sql, ids: string[], hashes: number[]) => sql`
  select r.id, r.external_id, r.slug, r.claim, r.title, r.summary, r.verdict, r.category,
    r.regions, r.published_at,
    case when s.rebuttal_id is not null then concat_ws(';',
      cardinality(s.claim_h), cardinality(s.doc_h), cardinality(s.body_h),
      array_to_string(s.claim_h & ${hashes}::int4[], ','),
      array_to_string(s.doc_h & ${hashes}::int4[], ','),
      array_to_string(s.body_h & ${hashes}::int4[], ',')) end as grams,
    case when s.rebuttal_id is null then r.body_md end as body_md,
    case when s.rebuttal_id is null then r.tags end as tags
  from rebuttals r left join rebuttal_search s on s.rebuttal_id = r.id
  where r.id = any(${ids}::uuid[]) and r.status = 'live' and not r.drill`;

/** The shown rows' display in a statement of their own (tried and not kept, ADR 0300). */
const displayOf = (sql: Sql, ids: string[]) => sql<{ id: string; display: string }[]>`
  select r.id, json_build_array(r.external_id, r.slug, r.summary, r.category, r.regions,
    r.published_at)::text as display
  from rebuttals r where r.id = any(${ids}::uuid[])`;

const env = await libraryServices();
try {
  const shared = [...dxy, ...cofacts].map((i) =>
    JSON.stringify({ ...i, category: "infectious-disease" }),
  );
  const lines = [...shared, ...generate(sentences([...dxy, ...cofacts]), 0, SIZE)];
  for (let i = 0; i < lines.length; i += 5000)
    await importRebuttals(env.deps, lines.slice(i, i + 5000));
  const sql = env.deps.sql;
  await sql`analyze rebuttals, rebuttal_search`;
  const freq = await new TermStats().get(sql);
  const asked: { ids: string[]; hashes: number[] }[] = [];
  for (const text of queries) {
    const q = queryTerms(text);
    const { hashes } = queryGrams(q);
    const rows = await sqlCandidates(sql, {
      hashes,
      rareDoc: rareTerms(q.shingles, freq.doc, freq.rows, BUDGET.doc),
      rareBody: rareTerms(q.shingles, freq.body, freq.rows, BUDGET.body),
      filters: {},
      docLimit: LIMITS.doc,
      bodyLimit: LIMITS.body,
      pendingLimit: LIMITS.pending,
    });
    if (rows.length > 0) asked.push({ ids: rows.map((r) => r.id), hashes });
  }
  const rowsPerQuery = asked.reduce((n, a) => n + a.ids.length, 0) / asked.length;
  // Each shape ends with what the search reads of its rows: every candidate's scoring fields and
  // ten shown hits.
  const shapes: [string, (a: (typeof asked)[number]) => Promise<unknown>][] = [
    [
      "wide (main)",
      async (a) => {
        const rows = (await wideRow(sql, a.ids, a.hashes)) as unknown as { id: string }[];
        return rows.slice(0, 10).map((r) => r.id);
      },
    ],
    [
      "display JSON",
      async (a) => {
        const rows = (await jsonRow(sql, a.ids, a.hashes)) as unknown as CandidateRow[];
        return rows.slice(0, 10).map((r) => hitRow(r));
      },
    ],
    [
      "wide + grams",
      async (a) => {
        const rows = (await widePackedRow(sql, a.ids, a.hashes)) as unknown as CandidateRow[];
        for (const r of rows) if (r.grams !== null) unpackGrams(r.grams);
        return rows.slice(0, 10).map((r) => r.id);
      },
    ],
    [
      "JSON + grams",
      async (a) => {
        // ADR 0235–0285's row, still search's: every candidate's display JSON with the packed sets.
        const rows = await candidatesById(sql, a.ids, a.hashes, {});
        for (const r of rows) if (r.grams !== null) unpackGrams(r.grams);
        return rows.slice(0, 10).map((r) => hitRow(r));
      },
    ],
    [
      "grams, then display of ten",
      async (a) => {
        const rows = await candidatesById(sql, a.ids, a.hashes, {}, false);
        for (const r of rows) if (r.grams !== null) unpackGrams(r.grams);
        const shown = rows.slice(0, 10);
        const display = new Map(
          (
            await displayOf(
              sql,
              shown.map((r) => r.id),
            )
          ).map((d) => [d.id, d.display]),
        );
        return shown.map((r) => hitRow({ ...r, display: display.get(r.id)! }));
      },
    ],
    [
      "grams, no display (matching)",
      async (a) => {
        const rows = await candidatesById(sql, a.ids, a.hashes, {}, false);
        for (const r of rows) if (r.grams !== null) unpackGrams(r.grams);
        return rows.slice(0, 10).map((r) => r.id);
      },
    ],
  ];
  const cpu: Record<string, { node: number; pg: number }[]> = Object.fromEntries(
    shapes.map(([name]) => [name, [] as { node: number; pg: number }[]]),
  );
  for (let round = 0; round <= ROUNDS; round++)
    for (const [name, run] of round % 2 ? [...shapes].reverse() : shapes) {
      const pg0 = processCpuMs(env.pgPid);
      const c0 = process.cpuUsage();
      for (const a of asked) await run(a);
      const c = process.cpuUsage(c0);
      const pg = processCpuMs(env.pgPid) - pg0;
      // Round 0 warms up.
      if (round > 0)
        cpu[name]!.push({
          node: (c.user + c.system) / 1000 / asked.length,
          pg: pg / asked.length,
        });
    }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = mean(cpu[shapes[0]![0]]!.map((x) => x.node));
  console.log(
    `${asked.length} queries, ${rowsPerQuery.toFixed(0)} candidate rows each, library ${lines.length}`,
  );
  for (const [name] of shapes) {
    const xs = cpu[name]!;
    const node = mean(xs.map((x) => x.node));
    console.log(
      `${name.padEnd(14)} Node ${xs.map((x) => x.node.toFixed(2)).join(" ")} (mean ${node.toFixed(2)}, ratio ${(node / base).toFixed(2)})  Postgres ${mean(xs.map((x) => x.pg)).toFixed(2)} ms/query`,
    );
  }
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
} finally {
  await env.close();
}
