/**
 * `npx tsx bench/postgres-per-search.ts`: Postgres's CPU per search on one library, with main's
 * search rows (`doc_norm` inline) against this checkout's (hashes only, migration 0280), at each
 * `shared_buffers` (ADR 0280). Imports the shared data plus `ROWS_SIZE` generated rebuttals
 * (default 100,000; profile-http's library), clones the database (`create database … template`),
 * adds main's `doc_norm` back into the clone's rows (folded as main's `deriveSearch` folded it),
 * rewrites both tables (`vacuum full`), then per `ROWS_BUFFERS` (default `128MB,1GB`; Postgres
 * restarted for each) takes `ROWS_TURNS` (default 2) turns on the two databases, each after a
 * warming pass: the candidate statement for every load, hand-written and new-rumour lookup on one
 * connection (Postgres CPU, shared hits/reads per statement), and `retrieve()` for every load
 * query (Postgres and Meilisearch CPU per search). Prints a table, the ratio this / main per
 * setting, and whether both databases gave the same candidates and top ten everywhere.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedMeilisearch } from "../infra/embedded/meilisearch.ts";
import { ensureDatabase, startEmbeddedPostgres } from "../infra/embedded/postgres.ts";
import { loadReference } from "../src/bootstrap.ts";
import { loadConfig } from "../src/config.ts";
import { createDb, type Db } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import type { Deps } from "../src/deps.ts";
import { createMailer } from "../src/fanout/mailer.ts";
import { type CandidateLookup, candidateStatement } from "../src/library/db/candidates.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { normalizedQueryTerms } from "../src/library/query-terms.ts";
import { candidateLookup, retrieve } from "../src/library/retrieve.ts";
import { createSearch } from "../src/library/search.ts";
import { canonicalize } from "../src/library/synonyms.ts";
import { TermStats } from "../src/library/term-stats.ts";
import { createLogger } from "../src/log.ts";
import { normalizeText } from "../src/text/normalize.ts";
import { wellFormed } from "../src/text/well-formed.ts";
import { generate, sentences } from "./generate-library.ts";
import {
  benchEngines,
  loadClassedQueries,
  loadSharedData,
  processCpuMs,
  uncachedDoor,
} from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";

const SIZE = Number(process.env.ROWS_SIZE ?? 100_000);
const BUFFERS = (process.env.ROWS_BUFFERS ?? "128MB,1GB").split(",");
const TURNS = Number(process.env.ROWS_TURNS ?? 2);
const DATABASES = [
  ["main", "chorus_main"],
  ["this", "chorus_bench"],
] as const;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

const { dxy, cofacts } = loadSharedData();
const searches = loadClassedQueries({ dxy, cofacts }).map((x) => normalizeText(x.q));
const lookupTexts = [
  ...searches,
  ...handwrittenRepeats.map((x) => normalizeText(x.q)),
  ...handwrittenNewRumours.map(normalizeText),
];
const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-pg-search-"));
fs.chmodSync(root, 0o755);
const pgDir = path.join(root, "postgres");
const meili = await startEmbeddedMeilisearch({ dir: path.join(root, "meilisearch") });
let pg = await startEmbeddedPostgres({ dir: pgDir });
try {
  const lookups = await buildLibrary(await ensureDatabase(pg.url, "chorus_bench"));
  await pg.stop();
  const figures: string[] = [];
  const sums = new Map<string, { statement: number; search: number; n: number }>();
  const same = { candidates: true, top: true };
  for (const buffers of BUFFERS) {
    pg = await startEmbeddedPostgres({ dir: pgDir, settings: { shared_buffers: buffers } });
    const seen = new Map<string, string>();
    for (let turn = 0; turn < TURNS; turn++) {
      for (const [label, db] of DATABASES) {
        const r = await measure(await ensureDatabase(pg.url, db), lookups);
        for (const [k, v] of [
          ["candidates", r.candidates],
          ["top", r.top],
        ] as const) {
          const before = seen.get(k);
          if (before !== undefined && before !== v) same[k] = false;
          seen.set(k, v);
        }
        figures.push(`| ${buffers} | ${label} | ${r.line} | ${load()} |`);
        const t = sums.get(`${buffers} ${label}`) ?? { statement: 0, search: 0, n: 0 };
        sums.set(`${buffers} ${label}`, {
          statement: t.statement + r.statementMs,
          search: t.search + r.searchMs,
          n: t.n + 1,
        });
        console.log(figures.at(-1));
      }
    }
    await pg.stop();
  }
  console.log(
    `\n${SIZE + dxy.length + cofacts.length} rebuttals; ${lookupTexts.length} candidate statements and ${searches.length} searches per turn\n`,
  );
  console.log(
    "| shared_buffers | search rows | statement: shared hit / read | statement: Postgres CPU ms | retrieve(): Postgres / Meilisearch CPU ms per search | load average |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  console.log(figures.join("\n"));
  const mean = (k: string, f: "statement" | "search") => sums.get(k)![f] / sums.get(k)!.n;
  for (const buffers of BUFFERS) {
    const ratio = (f: "statement" | "search") =>
      (mean(`${buffers} this`, f) / mean(`${buffers} main`, f)).toFixed(2);
    console.log(
      `${buffers}: Postgres CPU this / main, candidate statement ${ratio("statement")}, retrieve() ${ratio("search")}`,
    );
  }
  console.log(`\nsame candidates in both databases: ${same.candidates}; same top ten: ${same.top}`);
} finally {
  await pg.stop().catch(() => {});
  await meili.stop();
  fs.rmSync(root, { recursive: true, force: true });
}

/** Imports the library into `databaseUrl`, clones it as main's rows, and returns the lookups. */
async function buildLibrary(databaseUrl: string): Promise<CandidateLookup[]> {
  const sql = createDb(databaseUrl, { max: 10 });
  await migrate(sql, databaseUrl);
  await loadReference(sql);
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: databaseUrl,
    MEILI_URL: meili.url,
    MEILI_KEY: meili.key,
    DATA_DIR: root,
  });
  const deps: Deps = {
    config,
    sql,
    databaseUrl,
    search: uncachedDoor(createSearch, { sql, meili }),
    mailer: createMailer({
      smtpUrl: undefined,
      outboxDir: `${root}/outbox`,
      from: config.mailFrom,
    }),
    log: createLogger({ level: "silent" }),
    now: () => new Date(),
  };
  const shared = [...dxy, ...cofacts].map((i) =>
    JSON.stringify({ ...i, category: "infectious-disease" }),
  );
  const lines = [...shared, ...generate(sentences([...dxy, ...cofacts]), 0, SIZE)];
  for (let i = 0; i < lines.length; i += 5000)
    await importRebuttals(deps, lines.slice(i, i + 5000));
  await sql`analyze rebuttals, rebuttal_search`;
  const termStats = new TermStats();
  const lookups: CandidateLookup[] = [];
  for (const q of lookupTexts)
    lookups.push(await candidateLookup({ sql, termStats }, normalizedQueryTerms(q), {}));
  await sql.end();
  const admin = createDb(pg.url, { max: 1 });
  await admin`create database chorus_main template chorus_bench`;
  await admin.end();
  const main = createDb(databaseUrl.replace(/\/[^/]+$/, "/chorus_main"), { max: 1 });
  await withDocNorm(main);
  await main.end();
  const self = createDb(databaseUrl, { max: 1 });
  await rewrite(self);
  await self.end();
  console.log(`library: ${lines.length} rebuttals, load average ${load()}`);
  return lookups;
}

/** Main's search rows: the folded claim/title/summary/tags text inline, as its derivation wrote it. */
async function withDocNorm(sql: Db) {
  await sql`alter table rebuttal_search add column doc_norm text`;
  const rows = await sql<
    { id: string; claim: string | null; title: string; summary: string; tags: string[] }[]
  >`
    select r.id, r.claim, r.title, r.summary, r.tags
    from rebuttals r join rebuttal_search s on s.rebuttal_id = r.id`;
  const fold = (t: string) => canonicalize(normalizeText(t));
  for (let i = 0; i < rows.length; i += 5000) {
    const json = rows.slice(i, i + 5000).map((r) => ({
      id: r.id,
      doc: wellFormed(fold([r.claim ?? "", r.title, r.summary, ...(r.tags ?? [])].join(" \n "))),
    }));
    await sql`
      update rebuttal_search s set doc_norm = x.doc
      from jsonb_to_recordset(${sql.json(json as never)}::jsonb) as x(id uuid, doc text)
      where s.rebuttal_id = x.id`;
  }
  await rewrite(sql);
}

/**
 * Rewrites the search rows and their indexes compactly, in one order in both databases: ANALYZE
 * reads every row of a library this size in that order, and its most common bigrams (the lookup's
 * term statistics) depend on it, so the clone's update must not leave its rows in another order.
 */
async function rewrite(sql: Db) {
  await sql`cluster rebuttal_search using rebuttal_search_pkey`;
  await sql`vacuum analyze rebuttal_search, rebuttal_search_pending, rebuttals`;
}

/** One turn on one database: the candidate statements, then whole retrieves, each warmed once. */
async function measure(databaseUrl: string, lookups: CandidateLookup[]) {
  const sql = createDb(databaseUrl, { max: 1 });
  const blocks = async () => {
    await sql`select pg_stat_force_next_flush()`;
    const [b] = await sql<{ hit: number; read: number }[]>`
      select blks_hit::int8 as hit, blks_read::int8 as read
      from pg_stat_database where datname = current_database()`;
    return b!;
  };
  try {
    for (const l of lookups) await candidateStatement(sql, l);
    const b0 = await blocks();
    const pg0 = processCpuMs(pg.pid);
    let candidates = "";
    for (const l of lookups)
      candidates += `${(await candidateStatement(sql, l)).map((x) => `${x.id}:${x.grams}`).join()};`;
    const pgMs = (processCpuMs(pg.pid) - pg0) / lookups.length;
    const b1 = await blocks();
    const e = benchEngines({ deps: { sql }, meili });
    for (const q of searches) await retrieve(e, q, {}, { meili: true });
    const [pg1, m1] = [processCpuMs(pg.pid), processCpuMs(meili.pid)];
    let top = "";
    for (const q of searches)
      top += `${(await retrieve(e, q, {}, { meili: true })).ranked.slice(0, 10).map((x) => x.id)};`;
    const n = searches.length;
    const searchMs = (processCpuMs(pg.pid) - pg1) / n;
    const per = (x: number) => (x / lookups.length).toFixed(0);
    const line = `${per(b1.hit - b0.hit)} / ${per(b1.read - b0.read)} | ${pgMs.toFixed(2)} | ${searchMs.toFixed(2)} / ${((processCpuMs(meili.pid) - m1) / n).toFixed(2)}`;
    return { line, candidates, top, statementMs: pgMs, searchMs };
  } finally {
    await sql.end();
  }
}
