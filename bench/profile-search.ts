/**
 * `npx tsx bench/profile-search.ts`: where a search and a report intake spend CPU. Imports the
 * shared data plus `PROFILE_SIZE` generated rebuttals (default 5,000), then runs the benchmark's
 * short questions, typos and pasted forwards (and the Cofacts forwards whole) through
 * `search.search`, `search.match` and `createReport`, each phase timed, with the V8 CPU profiler
 * on: prints ops/s, wall ms and CPU ms per operation of this process, Postgres (postmaster and
 * backends, from /proc) and Meilisearch per phase and the functions with most self time. `PROFILE_OUT=file`
 * keeps the .cpuprofile. Relative figures only: the machine is shared.
 */
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import { publicActor } from "../src/auth/actor.ts";
import { createReport } from "../src/cases/create-report.ts";
import { sqlCandidates } from "../src/library/db/candidates.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { queryTerms } from "../src/library/query-terms.ts";
import { rareTerms, TermStats } from "../src/library/term-stats.ts";
import { generate, sentences } from "./generate-library.ts";
import { libraryServices, loadSharedData, processCpuMs } from "./library-env.ts";
import { buildQuerySets } from "./relevance-queries.ts";

const SIZE = Number(process.env.PROFILE_SIZE ?? 5000);
const PER_PHASE = Number(process.env.PROFILE_QUERIES ?? 60);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

/** Self time by function (and by file) from a V8 CPU profile, the heaviest first. */
function selfTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    byNode.set(id, (byNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const ms = byNode.get(n.id) ?? 0;
    total += ms;
    const file = n.callFrame.url.replace(/^.*\/(node_modules|src|bench)\//, "$1/") || "(native)";
    const fn = `${n.callFrame.functionName || "(anon)"} ${file}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
    const pkg = file.startsWith("node_modules/")
      ? file
          .split("/")
          .slice(0, file.split("/")[1]?.startsWith("@") ? 3 : 2)
          .join("/")
      : file;
    byFile.set(pkg, (byFile.get(pkg) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, ms]) =>
          `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${k}`,
      )
      .join("\n");
  return `total ${total.toFixed(0)} ms\nby function:\n${top(byFn, 30)}\nby file/package:\n${top(byFile, 15)}`;
}

const { dxy, cofacts } = loadSharedData();
const sets = buildQuerySets(dxy, cofacts);
const take = (list: string[]) =>
  Array.from({ length: PER_PHASE }, (_, i) => list[i % list.length]!);
const short = take([...sets.short!, ...sets.typo!, ...sets.traditional!].map((q) => q.q));
const pasted = take([...sets["pasted-dxy"]!, ...sets["pasted-cofacts"]!].map((q) => q.q));
const forwards = take(cofacts.map((c) => c.claim));

/** Postgres's share: the candidate query with the projection on the query's terms and without. */
async function sqlCosts(sql: Parameters<typeof sqlCandidates>[0], texts: string[]) {
  const freq = await new TermStats().get(sql);
  const out: string[] = [];
  for (const project of [true, false]) {
    const t0 = performance.now();
    for (const text of texts) {
      const q = queryTerms(text);
      const terms = [...new Set([...q.shingles, ...q.keywords.flatMap((k) => k.grams)])];
      await sqlCandidates(sql, {
        terms: project ? terms : [],
        rareDoc: rareTerms(q.shingles, freq.doc, freq.rows, { budget: 600, min: 2, max: 64 }),
        rareBody: rareTerms(q.shingles, freq.body, freq.rows, { budget: 400, min: 1, max: 32 }),
        filters: {},
        docLimit: 100,
        bodyLimit: 40,
        pendingLimit: 50,
      });
    }
    const ms = (performance.now() - t0) / texts.length;
    out.push(
      `sqlCandidates ${project ? "projected" : "no terms "} ${ms.toFixed(1).padStart(6)} ms/op wall`,
    );
  }
  return out;
}

const env = await libraryServices();
try {
  const { deps } = env;
  const shared = [...dxy, ...cofacts].map((i) =>
    JSON.stringify({ ...i, category: "infectious-disease" }),
  );
  const lines = [...shared, ...generate(sentences([...dxy, ...cofacts]), 0, SIZE)];
  const importStart = performance.now();
  for (let i = 0; i < lines.length; i += 5000)
    await importRebuttals(deps, lines.slice(i, i + 5000));
  const importS = (performance.now() - importStart) / 1000;
  await deps.sql`analyze rebuttal_search`;
  console.log(
    `library: ${lines.length} rebuttals, imported at ${(lines.length / importS).toFixed(0)}/s (searchable in both engines)`,
  );
  const ctx = { deps, actor: publicActor, meta: { ip: "10.0.0.1", requestId: "profile" } };
  const phases: [string, string[], (q: string) => Promise<unknown>][] = [
    ["search short", short, (q) => deps.search.search({ q })],
    ["search pasted", pasted, (q) => deps.search.search({ q })],
    ["match pasted", pasted, (q) => deps.search.match(q)],
    ["match forwards", forwards, (q) => deps.search.match(q)],
    ["intake forwards", forwards, (q) => createReport(ctx, { text: q })],
  ];
  // Warm-up: the segmenter's dictionaries, the term statistics, the JIT.
  for (const [, list, run] of phases.slice(0, 4)) for (const q of list.slice(0, 10)) await run(q);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  const figures: string[] = [];
  for (const [name, list, run] of phases) {
    const cpu0 = process.cpuUsage();
    const pg0 = processCpuMs(env.pgPid);
    const meili0 = processCpuMs(env.meili.pid);
    const t0 = performance.now();
    for (const q of list) await run(q);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const per = (x: number) => (x / list.length).toFixed(1).padStart(6);
    const node = (cpu.user + cpu.system) / 1000;
    const pg = processCpuMs(env.pgPid) - pg0;
    const meili = processCpuMs(env.meili.pid) - meili0;
    figures.push(
      `${name.padEnd(16)} ${(list.length / (ms / 1000)).toFixed(1).padStart(7)} ops/s  ${per(ms)} ms/op wall  CPU ms/op: Node ${per(node)}  Postgres ${per(pg)}  Meilisearch ${per(meili)}  total ${per(node + pg + meili)}`,
    );
  }
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  if (process.env.PROFILE_OUT) fs.writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  figures.push(...(await sqlCosts(deps.sql, pasted)));
  console.log(figures.join("\n"));
  console.log(selfTimes(profile as never));
} finally {
  await env.close();
}
