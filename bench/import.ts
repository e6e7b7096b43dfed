/**
 * `npm run bench:import`: `npm run import` of a generated library (`IMPORT_SIZE`, default 20,000
 * lines, on top of `IMPORT_FROM` lines imported first, default none) against the raw cost of
 * Meilisearch indexing the same documents, both in one run on one Postgres and Meilisearch.
 * Prints lines/s and CPU ms per 1,000 lines of Node (the import process), Postgres and
 * Meilisearch for each, and their ratio. `IMPORT_PROFILE=dir` writes the import's .cpuprofile.
 * `IMPORT_BEFORE=/path/to/checkout` first runs that checkout's `npm run import` on as many other
 * lines (the library is then that much larger for this one), for a before/after in one run;
 * each import runs under its own checkout's Meilisearch settings (applied, and the index
 * re-indexed by them, before its measured window). `IMPORT_STATEMENTS=n` loads pg_stat_statements
 * and prints the n statements (triggers' included) that took Postgres longest in each import.
 * Each import also prints the autovacuum / autoanalyze runs on the library's tables while it ran,
 * and Meilisearch's indexing steps summed over its batches (`/batches` progressTrace, ADR 0310).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BULK_WAIT, TASK_WAIT, waitForTasks } from "../src/library/index-rebuttal.ts";
import { ensureRebuttalIndex } from "../src/library/meili/rebuttal-index.ts";
import { rankRebuttals } from "../src/library/search-rebuttals.ts";
import { generate, sentences } from "./generate-library.ts";
import {
  documentOfLine,
  libraryServices,
  loadSharedData,
  processCpuMs,
  topStatements,
} from "./library-env.ts";

const SIZE = Number(process.env.IMPORT_SIZE ?? 20_000);
const FROM = Number(process.env.IMPORT_FROM ?? 0);
/** The raw baseline's documents per addDocuments call (the import's batch, for a fair match). */
const RAW_BATCH = Number(process.env.IMPORT_RAW_BATCH ?? 5000);
const PROBE_MS = Number(process.env.IMPORT_PROBE_MS ?? 2000);
const STATEMENTS = Number(process.env.IMPORT_STATEMENTS ?? 0);

/** CPU ms of the children this process has waited for (the import command, once it exited). */
function reapedChildrenCpuMs(): number {
  const stat = fs.readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) * 10;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

/** Wall seconds and CPU ms of Node (`node` reads it), Postgres and Meilisearch over `work`. */
async function measure(
  env: Awaited<ReturnType<typeof libraryServices>>,
  node: () => number,
  work: () => Promise<void>,
) {
  const before = { node: node(), pg: processCpuMs(env.pgPid), meili: processCpuMs(env.meili.pid) };
  const t0 = performance.now();
  await work();
  const s = (performance.now() - t0) / 1000;
  return {
    s,
    node: node() - before.node,
    pg: processCpuMs(env.pgPid) - before.pg,
    meili: processCpuMs(env.meili.pid) - before.meili,
  };
}

/**
 * Times one search of the short questions in turn every `PROBE_MS` until `stop` is called:
 * what search costs while an import writes (searches in flight share the machine with it).
 */
function probeSearch(env: Awaited<ReturnType<typeof libraryServices>>, queries: string[]) {
  const ms: number[] = [];
  let running = PROBE_MS > 0;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const t0 = performance.now();
      await rankRebuttals(env.deps, queries[i % queries.length]!, {});
      ms.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, PROBE_MS));
    }
  })();
  return async () => {
    running = false;
    await loop;
    ms.sort((a, b) => a - b);
    const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0;
    return `${ms.length} searches, p50 ${at(0.5).toFixed(0)} / p90 ${at(0.9).toFixed(0)} / max ${at(1).toFixed(0)} ms`;
  };
}

/** The statements that took Postgres longest since the last call, per 1,000 lines; then resets. */
async function statements(env: Awaited<ReturnType<typeof libraryServices>>, name: string) {
  if (!STATEMENTS) return;
  const sql = env.deps.sql;
  const { rows, all } = await topStatements(sql, STATEMENTS);
  await sql`select pg_stat_statements_reset()`;
  const per1k = (x: number) => ((x / SIZE) * 1000).toFixed(1);
  console.log(`\n${name}: executor ms per 1,000 lines ${per1k(all.ms)}`);
  console.log("| calls | ms per 1,000 lines | statement |\n| --- | --- | --- |");
  for (const r of rows) {
    console.log(`| ${r.calls} | ${per1k(r.ms)} | ${r.query.replace(/\s+/g, " ").slice(0, 140)} |`);
  }
}

/** Autovacuum and autoanalyze runs so far on the library's tables (what an import sets off). */
async function maintenance(env: Awaited<ReturnType<typeof libraryServices>>) {
  const rows = await env.deps.sql<{ relname: string; vacuums: number; analyzes: number }[]>`
    select relname, autovacuum_count::int as vacuums, autoanalyze_count::int as analyzes
    from pg_stat_user_tables
    where relname in ('rebuttals', 'rebuttal_search', 'rebuttal_versions', 'rebuttal_signatures', 'audit_log')`;
  return new Map(rows.map((r) => [r.relname, r]));
}

/** The autovacuum / autoanalyze runs between two `maintenance` readings, per table. */
function maintenanceSince(a: Awaited<ReturnType<typeof maintenance>>, b: typeof a) {
  return [...b.values()]
    .map((r) => {
      const o = a.get(r.relname);
      return `${r.relname} ${r.vacuums - (o?.vacuums ?? 0)} / ${r.analyzes - (o?.analyzes ?? 0)}`;
    })
    .join(", ");
}

type BatchList = { results: { uid: number; stats: { progressTrace?: Record<string, string> } }[] };

/** Meilisearch's batches newer than `after` (uid), from its `/batches` route. */
async function batchesAfter(env: Awaited<ReturnType<typeof libraryServices>>, after: number) {
  const res = await fetch(`${env.meili.url}/batches?limit=1000`, {
    headers: { Authorization: `Bearer ${env.meili.key}` },
  });
  const body = (await res.json()) as BatchList;
  return body.results.filter((b) => b.uid > after);
}

const lastBatch = async (env: Awaited<ReturnType<typeof libraryServices>>) =>
  Math.max(-1, ...(await batchesAfter(env, -1)).map((b) => b.uid));

/** "28.09s", "862.98ms", "627.60µs" as seconds. */
const seconds = (d: string) =>
  Number.parseFloat(d) / (d.endsWith("µs") ? 1e6 : d.endsWith("ms") ? 1e3 : 1);

/**
 * Where Meilisearch spent the batches newer than `after`: the steps of its `progressTrace` under
 * indexing, summed over those batches, largest first (wall seconds of its indexing thread).
 */
async function meiliSteps(env: Awaited<ReturnType<typeof libraryServices>>, after: number) {
  const steps = new Map<string, number>();
  for (const b of await batchesAfter(env, after)) {
    for (const [name, d] of Object.entries(b.stats.progressTrace ?? {})) {
      const parts = name.split(" > ");
      if (parts.length !== 3 || parts[1] !== "indexing") continue;
      steps.set(parts[2]!, (steps.get(parts[2]!) ?? 0) + seconds(d));
    }
  }
  return [...steps]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
    .join(", ");
}

/** The documents the import would send for these lines, indexed straight into a fresh index. */
async function rawMeili(env: Awaited<ReturnType<typeof libraryServices>>, lines: string[]) {
  const client = env.deps.search.client!;
  const uid = await ensureRebuttalIndex(env.deps.search, "raw_baseline");
  const docs = lines.map(documentOfLine);
  const cpu0 = process.cpuUsage();
  const m = await measure(
    env,
    () => {
      const u = process.cpuUsage(cpu0);
      return (u.user + u.system) / 1000;
    },
    async () => {
      const tasks = [];
      for (let i = 0; i < docs.length; i += RAW_BATCH) {
        tasks.push(client.index(uid).addDocuments(docs.slice(i, i + RAW_BATCH)));
      }
      await waitForTasks(client, tasks, BULK_WAIT);
    },
  );
  await client.deleteIndex(uid).waitTask(TASK_WAIT);
  return m;
}

/**
 * Applies `checkout`'s Meilisearch settings to the library's index and waits until Meilisearch
 * has re-indexed what it holds, outside the measured window: the import command only creates a
 * missing index (the app applies settings at start), so without this both checkouts would import
 * under the bench's own settings.
 */
async function applySettingsOf(checkout: string, env: Awaited<ReturnType<typeof libraryServices>>) {
  const script = `const { createMeili } = await import("./src/library/meili/client.ts");
const { ensureRebuttalIndex } = await import("./src/library/meili/rebuttal-index.ts");
await ensureRebuttalIndex(createMeili(${JSON.stringify({ url: env.meili.url, key: env.meili.key, prefix: env.deps.search.indexName("") })})).catch(() => {});
process.exit(0);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: checkout,
    stdio: ["ignore", "inherit", "inherit"],
  });
  await new Promise((resolve) => child.once("exit", resolve));
  const client = env.deps.search.client!;
  for (;;) {
    const { total } = await client.tasks.getTasks({
      statuses: ["enqueued", "processing"],
      limit: 1,
    });
    if (total === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function runImport(
  file: string,
  env: Awaited<ReturnType<typeof libraryServices>>,
  checkout = process.cwd(),
) {
  const profile = process.env.IMPORT_PROFILE;
  const args = [
    ...(profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []),
    "--import",
    "tsx",
    "src/cli/import.ts",
    file,
  ];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: env.deps.databaseUrl,
      MEILI_URL: env.meili.url,
      MEILI_KEY: env.meili.key,
      DATA_DIR: env.deps.config.dataDir,
      LOG_LEVEL: "warn",
    },
    cwd: checkout,
    stdio: ["ignore", "inherit", "inherit"],
  });
  return new Promise<void>((resolve, reject) =>
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`import exited ${code}`)),
    ),
  );
}

const { dxy, cofacts } = loadSharedData();
const pool = sentences([...dxy, ...cofacts]);
const probes = [...dxy, ...cofacts].map((d) => d.claim.slice(0, 16));
const env = await libraryServices({ statements: STATEMENTS > 0 });
const work = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-import-"));
try {
  if (FROM > 0) {
    const base = path.join(work, "base.jsonl");
    fs.writeFileSync(base, `${generate(pool, 0, FROM).join("\n")}\n`);
    await runImport(base, env);
  }
  const before = process.env.IMPORT_BEFORE;
  let old: Awaited<ReturnType<typeof measure>> | undefined;
  if (before) {
    const file = path.join(work, "before.jsonl");
    fs.writeFileSync(file, `${generate(pool, FROM + SIZE, FROM + 2 * SIZE).join("\n")}\n`);
    await applySettingsOf(before, env);
    if (STATEMENTS) await env.deps.sql`select pg_stat_statements_reset()`;
    const stop = probeSearch(env, probes);
    const m0 = await maintenance(env);
    const b0 = await lastBatch(env);
    old = await measure(env, reapedChildrenCpuMs, () => runImport(file, env, before));
    console.log(`Meilisearch's steps in the import of ${before}: ${await meiliSteps(env, b0)}`);
    console.log(
      `autovacuum / autoanalyze runs during the import of ${before}: ${maintenanceSince(m0, await maintenance(env))}`,
    );
    await statements(env, `Postgres statements of ${before}'s import`);
    console.log(`search during the import of ${before}: ${await stop()}`);
    console.log(`load after the import of ${before}: ${load()}`);
  }
  const lines = generate(pool, FROM, FROM + SIZE);
  const file = path.join(work, "lines.jsonl");
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  console.log(
    `load before: ${load()} on ${os.cpus().length} cores; ${SIZE} lines on top of ${FROM}`,
  );
  const raw = await rawMeili(env, lines);
  console.log(`load after raw: ${load()}`);
  if (before) await applySettingsOf(process.cwd(), env);
  if (STATEMENTS) await env.deps.sql`select pg_stat_statements_reset()`;
  const stop = probeSearch(env, probes);
  const m0 = await maintenance(env);
  const b0 = await lastBatch(env);
  const imp = await measure(env, reapedChildrenCpuMs, () => runImport(file, env));
  console.log(`Meilisearch's steps in this checkout's import: ${await meiliSteps(env, b0)}`);
  console.log(
    `autovacuum / autoanalyze runs during this checkout's import: ${maintenanceSince(m0, await maintenance(env))}`,
  );
  await statements(env, "Postgres statements of this checkout's import");
  console.log(`search during this checkout's import: ${await stop()}`);
  const [count] = await env.deps.sql<{ n: number }[]>`
    select count(*)::int as n from rebuttals where external_id like 'scale-%'`;
  if (old) console.log(`${before} → this checkout: ${(old.s / imp.s).toFixed(2)}× the rate`);
  const stats = await env.deps.search
    .client!.index(env.deps.search.indexName("rebuttals"))
    .getStats();
  console.log(`load after import: ${load()}`);
  const per1k = (ms: number) => ((ms / SIZE) * 1000).toFixed(0);
  const row = (name: string, m: typeof raw) =>
    `| ${name} | ${(SIZE / m.s).toFixed(0)}/s | ${m.s.toFixed(1)} s | ${per1k(m.node)} / ${per1k(m.pg)} / ${per1k(m.meili)} = ${per1k(m.node + m.pg + m.meili)} |`;
  console.log(
    `\nrebuttals in Postgres: ${count!.n}, documents in Meilisearch: ${stats.numberOfDocuments}`,
  );
  console.log(
    "| phase | lines/s | wall | CPU ms per 1,000 lines: Node / Postgres / Meilisearch = total |",
  );
  console.log("| --- | --- | --- | --- |");
  console.log(row("raw Meilisearch addDocuments (baseline)", raw));
  if (old) console.log(row(`\`npm run import\` of ${before}`, old));
  console.log(row("`npm run import`", imp));
  console.log(`import / raw: ${(raw.s / imp.s).toFixed(2)}× the rate`);
} finally {
  await env.close();
  fs.rmSync(work, { recursive: true, force: true });
}
