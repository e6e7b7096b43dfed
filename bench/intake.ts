/**
 * `npm run bench:intake`: report intake at `INTAKE_SIZE` rebuttals (default 20,000, generated
 * from the shared data as `bench:scale` does). Chorus runs in a process of its own (no worker);
 * autocannon POSTs /api/v1/reports at 10 connections for `BENCH_DURATION` s (default 10) with the
 * benchmark's queries, each from its own x-forwarded-for address. Prints reports/s, p50/p99,
 * outcomes, and CPU ms per report of the API process, Postgres (postmaster and backends) and
 * Meilisearch, read from /proc, and of the load generator (autocannon, in this process): wall time
 * is noise on the shared machine, CPU per report is not. Outcomes and new cases are counted in one
 * snapshot, so a report still in flight when the load stops counts in both or neither.
 *
 * `INTAKE_BASELINE=/path/to/checkout` runs that checkout's API first on the same database (its
 * migrations are older; columns this branch adds stay empty for its rows), then this one's, so
 * both are measured in one run. Open cases and reports are emptied before each variant.
 * `INTAKE_ROUNDS` (default 1) runs the variants that many times, in turn. `INTAKE_OPEN_CASES`
 * (default 500) open cases of ten reports each, made of the shared data's claims, are there before
 * the reports start, as on an emergency day (their shingle hashes written as this checkout does).
 * `SEARCH_CACHE_MS` and `INTAKE_MATCH_CACHE_MS` are passed on (default 0, as bench:scale: every
 * report matched afresh). `INTAKE_TEXTS=n` sends only n of the texts, spread over the mix, so each
 * is reported several times a second (the pattern intake's match cache is for, ADR 0230).
 * `INTAKE_MIX=emergency` sends four reports in five as one of ten texts (Zipf: the first most),
 * the fifth as the standard mix does: many reporters forwarding the same few messages (ADR 0270).
 * The outcomes column says which share of the reports repeated a text sent before in the run.
 * `INTAKE_PROFILE_DIR=dir` writes each API process's V8 CPU profile there.
 * `INTAKE_STATEMENTS=n` loads pg_stat_statements and prints, per variant, the n statements that
 * took Postgres longest during the run: calls and execution ms per report (time in the executor,
 * a lock wait included; not parse, network or commit).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort } from "../infra/embedded/process.ts";
import { generate, sentences } from "./generate-library.ts";
import { seedOpenCases } from "./intake-open-cases.ts";
import {
  appEnv,
  emptyIntake,
  exited,
  libraryServices,
  loadSharedData,
  processCpuMs,
  topStatements,
  untilHealthy,
} from "./library-env.ts";
import { buildQuerySets } from "./relevance-queries.ts";

const SIZE = Number(process.env.INTAKE_SIZE ?? 20_000);
const OPEN_CASES = Number(process.env.INTAKE_OPEN_CASES ?? 500);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 10;
const HERE = path.resolve(import.meta.dirname, "..");
const variants = [
  ...(process.env.INTAKE_BASELINE ? [["baseline", process.env.INTAKE_BASELINE]] : []),
  ["this checkout", HERE],
] as [string, string][];

const { dxy, cofacts } = loadSharedData();
const pool = sentences([...dxy, ...cofacts]);
const sets = buildQuerySets(dxy, cofacts);
const allQueries = [
  ...sets.short!,
  ...sets.typo!,
  ...sets.traditional!,
  ...sets["pasted-dxy"]!,
  ...sets["pasted-cofacts"]!,
].map((q) => q.q.slice(0, 5000));
// INTAKE_TEXTS=n: only n of them, spread over the mix (one rumour reported many times a second).
const TEXTS = Number(process.env.INTAKE_TEXTS ?? 0);
const queries =
  TEXTS > 0
    ? allQueries.filter((_, i) => i % Math.ceil(allQueries.length / TEXTS) === 0)
    : allQueries;
// INTAKE_MIX=emergency: four reports in five forward one of ten messages (the first reported
// most, Zipf 1/rank), the fifth is any of the mix; a repeat is then the same text as before.
const EMERGENCY = process.env.INTAKE_MIX === "emergency";
const hot = allQueries.filter((_, i) => i % Math.ceil(allQueries.length / 10) === 0);
const zipf = hot.map((_, i) => 1 / (i + 1));
const zipfSum = zipf.reduce((a, b) => a + b, 0);
/** The n-th report's text: the standard mix steps through the texts, the emergency mix draws. */
function textOf(n: number): string {
  if (!EMERGENCY) return queries[(n * 7) % queries.length]!;
  if (n % 5 === 4) return queries[(n * 7) % queries.length]!;
  // A fixed low-discrepancy sequence, so every run draws the same texts.
  let u = ((n * 0.618033988749895) % 1) * zipfSum;
  for (let i = 0; i < hot.length; i++) {
    u -= zipf[i]!;
    if (u < 0) return hot[i]!;
  }
  return hot[0]!;
}
const STATEMENTS = Number(process.env.INTAKE_STATEMENTS ?? 0);
// Planning time too (off by default in pg_stat_statements): a statement whose planning dominates
// is one a prepared plan would help.
const env = await libraryServices({
  statements: STATEMENTS > 0,
  ...(STATEMENTS > 0 && { pgSettings: { "pg_stat_statements.track_planning": "on" } }),
});
const work = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-intake-"));
const serviceEnv = {
  ...process.env,
  ...appEnv(env),
  SEARCH_CACHE_MS: process.env.SEARCH_CACHE_MS ?? "0",
  INTAKE_MATCH_CACHE_MS: process.env.INTAKE_MATCH_CACHE_MS ?? "0",
  RUN_WORKERS: "false",
  HOST: "127.0.0.1",
};
const sql = env.deps.sql;
let address = 0;
/** Rebuttals in the library as the last variant's reports started (ADR 0322). */
let libraryKept = 0;
const phone = () => {
  const i = address++;
  return { "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` };
};

async function measure(name: string, dir: string) {
  await emptyIntake(sql);
  await sql`truncate chorus_rate_limits`;
  const port = await freePort();
  const prof = process.env.INTAKE_PROFILE_DIR;
  const profile = prof
    ? ["--cpu-prof", "--cpu-prof-dir", path.join(prof, name.replace(/\W/g, "-"))]
    : [];
  const api = spawn(process.execPath, [...profile, "--import", "tsx", "src/main.ts"], {
    cwd: dir,
    env: { ...serviceEnv, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await untilHealthy(base, `${name}: Chorus`);
    let n = 0;
    const request = () => ({
      method: "POST" as const,
      path: "/api/v1/reports",
      headers: { "content-type": "application/json", ...phone() },
      body: JSON.stringify({ text: textOf(n++) }),
    });
    // Warm-up: the JIT, the segmenter's dictionaries, the term statistics, the pools.
    for (let i = 0; i < 30; i++) {
      const r = request();
      await fetch(`${base}${r.path}`, { method: "POST", headers: r.headers, body: r.body });
    }
    libraryKept = await emptyIntake(sql);
    console.log(
      `  ${name}: ${libraryKept.toLocaleString("en")} rebuttals in the library as the reports start`,
    );
    await seedOpenCases(sql, pool.claims, OPEN_CASES);
    n = 0;
    if (STATEMENTS) await sql`select pg_stat_statements_reset()`;
    const cpu0 = [
      processCpuMs(api.pid!, { children: false }),
      processCpuMs(env.pgPid),
      processCpuMs(env.meili.pid, { children: false }),
    ];
    const gen0 = process.cpuUsage();
    const r = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [{ setupRequest: (req) => ({ ...req, ...request() }) }],
    });
    const gen = process.cpuUsage(gen0);
    const cpu1 = [
      processCpuMs(api.pid!, { children: false }),
      processCpuMs(env.pgPid),
      processCpuMs(env.meili.pid, { children: false }),
    ];
    const sent = new Set(Array.from({ length: n }, (_, i) => textOf(i)));
    const repeats = n - sent.size;
    // One snapshot for both counts: a report still in flight when the load stops (its response
    // never read) may commit its case between two statements, and count one case too many.
    const { outcomes, cases } = await sql.begin("isolation level repeatable read", async (tx) => {
      const outcomes = await tx<{ outcome: string; n: number }[]>`
        select outcome, count(*)::int as n from reports where ip_hash is not null
        group by outcome order by outcome`;
      const [cases] = await tx<{ n: number; bare: number }[]>`
        select count(*)::int - ${OPEN_CASES} as n,
               count(*) filter (where not exists (select 1 from reports r where r.case_id = c.id))::int
                 as bare
        from cases c`;
      return { outcomes, cases };
    });
    const done = r.requests.total - r.non2xx - r.errors;
    if (STATEMENTS) await printStatements(name, done);
    const per = (i: number) => (cpu1[i]! - cpu0[i]!) / Math.max(1, done);
    const [node, pg, meili] = [per(0), per(1), per(2)];
    const genMs = (gen.user + gen.system) / 1000 / Math.max(1, done);
    return [
      name,
      `${(done / DURATION_S).toFixed(0)}/s`,
      `${r.latency.p50} / ${r.latency.p99} ms`,
      `${r.non2xx + r.errors}`,
      `${outcomes.map((o) => `${o.outcome} ${o.n}`).join(", ")}; ${cases!.n} new cases${cases!.bare ? `, ${cases!.bare} without a report` : ""}; ${Math.round((100 * repeats) / Math.max(1, n))} % repeats`,
      `${node.toFixed(1)} / ${pg.toFixed(1)} / ${meili.toFixed(1)} = ${(node + pg + meili).toFixed(1)}`,
      genMs.toFixed(1),
    ];
  } finally {
    api.kill("SIGTERM");
    await exited(api);
  }
}

/**
 * The statements that took Postgres longest during the run, per report: calls, executor and
 * planning ms, and whether the client sent it (top level: one round trip, unless pipelined) or a
 * function or trigger ran it (nested).
 */
async function printStatements(name: string, reports: number) {
  const { all } = await topStatements(sql, STATEMENTS);
  const rows = await sql<
    { calls: number; ms: number; plan: number; plans: number; toplevel: boolean; query: string }[]
  >`
    select calls::float8 as calls, total_exec_time as ms, total_plan_time as plan,
           plans::float8 as plans, toplevel, query
    from pg_stat_statements where query not like '%pg_stat_statements%'
    order by total_exec_time + total_plan_time desc limit ${STATEMENTS}`;
  const [top] = await sql<{ calls: number; plan: number }[]>`
    select coalesce(sum(calls) filter (where toplevel), 0)::float8 as calls,
           coalesce(sum(total_plan_time), 0) as plan
    from pg_stat_statements where query not like '%pg_stat_statements%'`;
  const per = (x: number) => (x / Math.max(1, reports)).toFixed(2);
  console.log(
    `\n${name}: statements per report ${per(all.calls)} (client-sent ${per(top!.calls)}), executor ms ${per(all.ms)}, planning ms ${per(top!.plan)}`,
  );
  console.log(
    "| calls/report | exec ms/report | exec ms/call | plans/report | plan ms/report | sent by | statement |\n| --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const r of rows) {
    const q = r.query.replace(/\s+/g, " ").slice(0, 140);
    console.log(
      `| ${per(r.calls)} | ${per(r.ms)} | ${(r.ms / r.calls).toFixed(3)} | ${per(r.plans)} | ${per(r.plan)} | ${r.toplevel ? "client" : "nested"} | ${q} |`,
    );
  }
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
try {
  const file = path.join(work, "lines.jsonl");
  fs.writeFileSync(file, `${generate(pool, 0, SIZE).join("\n")}\n`);
  const importer = spawn(process.execPath, ["--import", "tsx", "src/cli/import.ts", file], {
    cwd: HERE,
    env: serviceEnv,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if ((await exited(importer)) !== 0) throw new Error("import failed");
  await sql`analyze`;
  const rows: string[][] = [];
  const rounds = Number(process.env.INTAKE_ROUNDS ?? 1);
  for (const [name, dir] of Array.from({ length: rounds }, () => variants).flat()) {
    const loadBefore = load();
    const row = await measure(name, dir);
    rows.push([...row, `${loadBefore} → ${load()}`]);
    console.log(`| ${rows.at(-1)!.join(" | ")} |`);
  }
  console.log(
    `\n${SIZE.toLocaleString("en")} rebuttals imported (${libraryKept.toLocaleString("en")} in the library as the last reports started), ${OPEN_CASES} open cases before, ${queries.length} distinct texts${EMERGENCY ? " (emergency mix: 80 % from 10 of them)" : ""}, ${CONNECTIONS} connections, ${DURATION_S} s, SEARCH_CACHE_MS=${serviceEnv.SEARCH_CACHE_MS}, INTAKE_MATCH_CACHE_MS=${serviceEnv.INTAKE_MATCH_CACHE_MS}, ${os.cpus().length} cores`,
  );
  console.log(
    "| code | reports/s | p50 / p99 | errors | outcomes | CPU ms/report API / Postgres / Meilisearch = total | load generator ms/report | load avg 1/5/15 (before → after) |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
} finally {
  await env.close();
  fs.rmSync(work, { recursive: true, force: true });
}
