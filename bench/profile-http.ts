/**
 * `npx tsx bench/profile-http.ts`: where one whole HTTP search spends CPU. Imports the shared
 * data plus `PROFILE_SIZE` generated rebuttals (default 20,000; the generator of bench:scale),
 * starts the API as `npm run start:api` does (answer cache off, `SEARCH_CACHE_MS=0`) with
 * `node --cpu-prof`, and drives `GET /api/v1/rebuttals` with autocannon at 10 connections for
 * `PROFILE_SECONDS` (default 15) with bench:scale's queries. Prints req/s, p50/p99 and CPU ms
 * per search of the API process, Postgres (postmaster and backends) and Meilisearch, and the
 * API's self time by function and package during the load (`PROFILE_OUT=dir` keeps the
 * .cpuprofile files).
 *
 * `PROFILE_BASELINE=<git rev>` (e.g. `main`) starts that revision's API too (its src/, content/,
 * infra/, workers/ and seeds/ by `git archive` into .data/bench-baseline, where it resolves this
 * checkout's packages), on the same engines, and the two take `PROFILE_ROUNDS` (default 2) turns
 * each, so a burst of load on the shared machine hits both.
 *
 * Unless `PROFILE_PATHS=0`, it also prints where searches go and what each way costs
 * (`bench/search-paths.ts`, ADR 0255): every load query's route through `retrieve()` with, per
 * class × route, the latency and CPU ms per search run alone (the hand-written and no-answer
 * queries of bench:relevance too), and, after this checkout's last turn, the same load with each
 * request's latency kept, traced to classes and routes; and `explain (analyze, buffers)` of the
 * Postgres candidate statement per class (`explainCandidates`).
 *
 * `PROFILE_TRACE_GC=1` starts each API with `--trace-gc` and prints, per turn, V8's collections
 * during the counted load: how many, their pauses in all and per search, the longest (ADR 0300).
 * Each line also says how many checkpoints and autovacuum/autoanalyze runs Postgres did meanwhile.
 *
 * Postgres starts with compose's settings (`shared_buffers` 1 GB, as the project's launcher always
 * does); `PROFILE_SHARED_BUFFERS` (e.g. `128MB`, Postgres's own default) overrides it (ADR 0280).
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort } from "../infra/embedded/process.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { type CpuProfile, selfTimes } from "./cpu-profile.ts";
import { generate, sentences } from "./generate-library.ts";
import {
  appEnv,
  exited,
  libraryServices,
  loadClassedQueries,
  loadQueries,
  loadSharedData,
  processCpuMs,
  untilHealthy,
} from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreNewRumours, moreRepeats } from "./relevance-handwritten-more.ts";
import {
  driveTagged,
  explainCandidates,
  type RoutedQuery,
  routeCosts,
  routesOf,
} from "./search-paths.ts";

const SIZE = Number(process.env.PROFILE_SIZE ?? 20_000);
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 15);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 2);
const CONNECTIONS = 10;
const PATHS = process.env.PROFILE_PATHS !== "0";
const TRACE_GC = process.env.PROFILE_TRACE_GC === "1";
/** Extra node flags for this checkout's API only (e.g. a heap size to weigh against main's). */
const NODE_FLAGS = (process.env.PROFILE_NODE_FLAGS ?? "").split(/\s+/).filter(Boolean);
const root = path.resolve(import.meta.dirname, "..");

const { dxy, cofacts } = loadSharedData();
const queries = loadQueries({ dxy, cofacts });

/** A revision's source beside this checkout's packages (`git archive`). */
function checkoutOf(rev: string): string {
  const git = (args: string[]) => execFileSync("git", args, { cwd: root }).toString().trim();
  const sha = git(["rev-parse", rev]);
  const dir = path.join(root, `.data/bench-baseline/${sha}`);
  if (!fs.existsSync(path.join(dir, "src"))) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync(
      "sh",
      ["-c", `git archive ${sha} src content infra workers seeds | tar -x -C "${dir}"`],
      {
        cwd: root,
      },
    );
  }
  // Its own start flags (heap sizes), so a change of flags is compared against the old ones.
  fs.writeFileSync(path.join(dir, "package.json"), git(["show", `${sha}:package.json`]));
  return dir;
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

const sharedBuffers = process.env.PROFILE_SHARED_BUFFERS;
const env = await libraryServices(
  sharedBuffers ? { pgSettings: { shared_buffers: sharedBuffers } } : {},
);
const profDir = process.env.PROFILE_OUT ?? fs.mkdtempSync(path.join(os.tmpdir(), "chorus-prof-"));
fs.mkdirSync(profDir, { recursive: true });
try {
  const shared = [...dxy, ...cofacts].map((i) =>
    JSON.stringify({ ...i, category: "infectious-disease" }),
  );
  const lines = [...shared, ...generate(sentences([...dxy, ...cofacts]), 0, SIZE)];
  for (let i = 0; i < lines.length; i += 5000)
    await importRebuttals(env.deps, lines.slice(i, i + 5000));
  await env.deps.sql`analyze rebuttals, rebuttal_search`;
  const [pg] = await env.deps.sql<{ sharedBuffers: string }[]>`show shared_buffers`;
  console.log(
    `library: ${lines.length} rebuttals, shared_buffers ${pg!.sharedBuffers}, load average ${load()}`,
  );
  let routed: RoutedQuery[] | undefined;
  if (PATHS) {
    routed = await routesOf(env, [
      ...loadClassedQueries({ dxy, cofacts }).map((x) => ({ ...x, inLoad: true })),
      ...[...handwrittenRepeats, ...moreRepeats].map((x) => ({
        cls: "hand-written",
        q: x.q,
        inLoad: false,
      })),
      ...[...handwrittenNewRumours, ...moreNewRumours].map((q) => ({
        cls: "no-answer",
        q,
        inLoad: false,
      })),
    ]);
    console.log(`\nroutes, each group alone (load ${load()}):\n${await routeCosts(env, routed)}`);
    console.log(
      `\nthe Postgres candidate statement, explain (analyze, buffers) (load ${load()}):\n${await explainCandidates(env, routed)}`,
    );
  }
  const revisions: [string, string][] = [["this", root]];
  if (process.env.PROFILE_BASELINE)
    revisions.push([process.env.PROFILE_BASELINE, checkoutOf(process.env.PROFILE_BASELINE)]);
  const results: string[] = [];
  const profiles: string[] = [];
  let tail = "";
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, dir] of round % 2 === 0 ? revisions : [...revisions].reverse()) {
      const last = routed && label === "this" && round === ROUNDS - 1;
      const r = await measure(
        label,
        dir,
        heapFlagsOf(dir),
        `${label.replace(/\W/g, "_")}-${round}`,
        (base) => (last ? driveTagged(base, routed!, SECONDS, CONNECTIONS) : Promise.resolve("")),
      );
      if (r.tail) tail = r.tail;
      results.push(r.line);
      console.log(r.line);
      if (round === ROUNDS - 1 || ROUNDS === 1) profiles.push(`${label}:\n${r.profile}`);
    }
  }
  console.log(`\nload average ${load()}; ${SECONDS} s per run, ${CONNECTIONS} connections`);
  console.log(results.join("\n"));
  console.log(profiles.join("\n\n"));
  if (tail) console.log(`\nthe slowest searches of this checkout's last turn:\n${tail}`);
} finally {
  await env.close();
  if (!process.env.PROFILE_OUT) fs.rmSync(profDir, { recursive: true, force: true });
}

/** The V8 heap flags (`--max-…`) of a checkout's `npm run start:api`. */
function heapFlagsOf(dir: string): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts["start:api"]!.split(/\s+/).filter((a) => a.startsWith("--max-"));
}

/** One API process of a checkout under load: latency, CPU per search and its profile. */
async function measure(
  label: string,
  dir: string,
  heap: string[],
  name: string,
  after: (base: string) => Promise<string>,
) {
  const port = await freePort();
  const api = spawn(
    process.execPath,
    [
      ...heap,
      ...(label === "this" ? NODE_FLAGS : []),
      ...(TRACE_GC ? ["--trace-gc"] : []),
      "--cpu-prof",
      // One file per thread (tsx's loader runs in one of its own): the largest is the main thread's.
      `--cpu-prof-dir=${path.join(profDir, name)}`,
      "--import",
      "tsx",
      path.join(dir, "src/main.ts"),
      "--role=api",
    ],
    {
      cwd: dir,
      env: {
        ...process.env,
        ...appEnv(env),
        PORT: String(port),
        HOST: "127.0.0.1",
      },
      stdio: ["ignore", TRACE_GC ? "pipe" : "ignore", "inherit"],
    },
  );
  const gc = gcPauses(api.stdout);
  const base = `http://127.0.0.1:${port}`;
  let i = 0;
  const drive = (seconds: number) =>
    autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: seconds,
      requests: [
        {
          setupRequest: (req) => {
            const n = i++;
            return {
              ...req,
              method: "GET",
              path: `/api/v1/rebuttals?q=${encodeURIComponent(queries[n % queries.length]!)}&limit=10`,
              headers: { "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
            };
          },
        },
      ],
    });
  try {
    await untilHealthy(base, label);
    await drive(3);
    const started = performance.now();
    const node0 = processCpuMs(api.pid!, { children: false });
    const pg0 = processCpuMs(env.pgPid);
    const meili0 = processCpuMs(env.meili.pid);
    const bg0 = await backgroundWork();
    gc.counting = true;
    const r = await drive(SECONDS);
    gc.counting = false;
    const bg = await backgroundWork();
    const node = processCpuMs(api.pid!, { children: false }) - node0;
    const pg = processCpuMs(env.pgPid) - pg0;
    const meili = processCpuMs(env.meili.pid) - meili0;
    const ended = performance.now();
    const tail = await after(base);
    const n = r.requests.total;
    const peak = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${api.pid}/status`, "utf8"));
    api.kill("SIGTERM");
    await exited(api);
    const exitedAt = performance.now();
    const f = (x: number) => (x / n).toFixed(2).padStart(6);
    const line = `${label.padEnd(8)} ${r.requests.average.toFixed(0).padStart(4)} req/s  p50/p99 ${r.latency.p50}/${r.latency.p99} ms  ${r.errors + r.non2xx} err  CPU ms/search: API ${f(node)}  Postgres ${f(pg)}  Meilisearch ${f(meili)}  total ${f(node + pg + meili)}  (load ${load()})${TRACE_GC ? `\n         GC: ${gc.count} collections (${gc.marks} mark-compact), pauses ${gc.ms.toFixed(0)} ms in all, ${(gc.ms / n).toFixed(2)} ms per search, longest ${gc.max.toFixed(1)} ms; RSS peak ${(Number(peak?.[1] ?? 0) / 1024).toFixed(0)} MB${gc.marking.map((l) => `\n           ${l}`).join("")}` : ""}; Postgres meanwhile: ${bg.checkpoints - bg0.checkpoints} checkpoints, ${bg.vacuums - bg0.vacuums} autovacuum / autoanalyze runs`;
    const files = fs.readdirSync(path.join(profDir, name)).map((f) => path.join(profDir, name, f));
    const main = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
    const profile = JSON.parse(fs.readFileSync(main, "utf8")) as CpuProfile;
    const span = profile.endTime - profile.startTime;
    const window = {
      from: span - (exitedAt - started) * 1000,
      to: span - (exitedAt - ended) * 1000,
    };
    return { line, profile: selfTimes(profile, window), tail };
  } finally {
    if (api.exitCode === null) api.kill("SIGTERM");
    await exited(api);
  }
}

/**
 * V8's collections as `--trace-gc` prints them on `out`, summed while `counting`: a line reads
 * `[pid:0x…]   1234 ms: Scavenge 20.1 (25.3) -> 18.2 (26.3) MB, 1.23 / 0.00 ms  (…) …`, the first
 * figure after "MB, " the pause on the main thread.
 */
function gcPauses(out: NodeJS.ReadableStream | null) {
  const state = { counting: false, count: 0, marks: 0, ms: 0, max: 0, marking: [] as string[] };
  let rest = "";
  out?.setEncoding("utf8");
  out?.on("data", (chunk: string) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    if (!state.counting) return;
    for (const line of lines) {
      const m = /ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep)\b.*?MB, ([\d.]+)/.exec(
        line,
      );
      if (!m) continue;
      const pause = Number(m[2]);
      state.count++;
      if (m[1] === "Mark-Compact" || m[1] === "Mark-Sweep") {
        state.marks++;
        // The first few full collections as V8 prints them: heap sizes, pause, reason.
        if (state.marking.length < 6) state.marking.push(line.replace(/^\[[^\]]*\]\s*/, ""));
      }
      state.ms += pause;
      state.max = Math.max(state.max, pause);
    }
  });
  return state;
}

/** Postgres's checkpoints and autovacuum / autoanalyze runs so far (all tables of the database). */
async function backgroundWork(): Promise<{ checkpoints: number; vacuums: number }> {
  const sql = env.deps.sql;
  const [c] = await sql<{ n: string }[]>`
    select (num_timed + num_requested)::text as n from pg_stat_checkpointer`.catch(
    () => sql<{ n: string }[]>`
    select (checkpoints_timed + checkpoints_req)::text as n from pg_stat_bgwriter`,
  );
  const [v] = await sql<{ n: string }[]>`
    select coalesce(sum(autovacuum_count + autoanalyze_count), 0)::text as n from pg_stat_all_tables`;
  return { checkpoints: Number(c!.n), vacuums: Number(v!.n) };
}
