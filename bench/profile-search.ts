/**
 * `npx tsx bench/profile-search.ts`: where a search and a report intake spend CPU. Imports the
 * shared data plus `PROFILE_SIZE` generated rebuttals (default 5,000), then runs the benchmark's
 * short questions, typos and pasted forwards (and the Cofacts forwards whole) through
 * `search.search`, `search.match` and `createReport`, each phase timed: prints ops/s, wall ms and
 * CPU ms per operation of this process, Postgres (postmaster and backends, from /proc) and
 * Meilisearch, and how often Meilisearch was asked; then Postgres's CPU per candidate query,
 * and the functions with most self time under the V8 profiler (`PROFILE_OUT=file` keeps the
 * .cpuprofile).
 *
 * `PROFILE_BASELINE=<git rev>` (e.g. `main`) also runs that revision's search door on the same
 * engines: first both doors on every labelled query of bench:relevance (recall@1/@3 of the
 * expected rebuttal and auto-answers at this library's size, and how many answers are
 * identical; `PROFILE_SETS=a,b` for some sets only), then each phase for both doors in turn with
 * the ratio of their total CPU.
 * Relative figures only: the machine is shared.
 */
import diagnosticsChannel from "node:diagnostics_channel";
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import os from "node:os";
import { publicActor } from "../src/auth/actor.ts";
import { createReport } from "../src/cases/create-report.ts";
import { isSameRumour } from "../src/library/confidence.ts";
import { sqlCandidates } from "../src/library/db/candidates.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { queryGrams } from "../src/library/projected-set.ts";
import { queryTerms } from "../src/library/query-terms.ts";
import { LIMITS, lookupTerms } from "../src/library/retrieve.ts";
import { createSearch, type Search } from "../src/library/search.ts";
import { TermStats } from "../src/library/term-stats.ts";
import { selfTimes } from "./cpu-profile.ts";
import { generate, sentences } from "./generate-library.ts";
import {
  createSearchAt,
  libraryServices,
  loadSharedData,
  processCpuMs,
  uncachedDoor,
} from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreNewRumours, moreRepeats } from "./relevance-handwritten-more.ts";
import { buildQuerySets, type LabelledQuery } from "./relevance-queries.ts";

const SIZE = Number(process.env.PROFILE_SIZE ?? 5000);
const PER_PHASE = Number(process.env.PROFILE_QUERIES ?? 60);

const { dxy, cofacts } = loadSharedData();
const sets = buildQuerySets(dxy, cofacts);
const take = (list: string[]) =>
  Array.from({ length: PER_PHASE }, (_, i) => list[i % list.length]!);
const short = take([...sets.short!, ...sets.typo!, ...sets.traditional!].map((q) => q.q));
const pasted = take([...sets["pasted-dxy"]!, ...sets["pasted-cofacts"]!].map((q) => q.q));
const forwards = take(cofacts.map((c) => c.claim));

/**
 * Postgres's share: the candidate query alone (CPU ms of Postgres per call, and wall), for short
 * questions and pasted forwards, projected on the query's grams and not.
 */
async function sqlCosts(sql: Parameters<typeof sqlCandidates>[0], pgPid: number) {
  const freq = await new TermStats().get(sql);
  const out: string[] = [];
  for (const [name, texts] of [
    ["short", short],
    ["pasted", pasted],
  ] as const) {
    for (const project of [true, false]) {
      const pg0 = processCpuMs(pgPid);
      const t0 = performance.now();
      for (const text of texts) {
        const q = queryTerms(text);
        const rare = lookupTerms(q, freq);
        await sqlCandidates(sql, {
          hashes: project ? queryGrams(q).hashes : [],
          rareDoc: rare.doc,
          rareBody: rare.body,
          filters: {},
          docLimit: LIMITS.doc,
          bodyLimit: LIMITS.body,
          pendingLimit: LIMITS.pending,
        });
      }
      const ms = (performance.now() - t0) / texts.length;
      const pg = (processCpuMs(pgPid) - pg0) / texts.length;
      out.push(
        `sqlCandidates ${name.padEnd(6)} ${project ? "projected" : "no terms "} Postgres CPU ${pg.toFixed(1).padStart(5)} ms/op, ${ms.toFixed(1).padStart(6)} ms/op wall`,
      );
    }
  }
  return out;
}

type Door = Search & { asked: number };

let meiliSearches = 0;
diagnosticsChannel.subscribe("undici:request:create", (message) => {
  const { request } = message as { request: { method: string; path: string } };
  if (request.method === "POST" && request.path.endsWith("/search")) meiliSearches++;
});

/** A search door over the bench's engines that counts how often it asks Meilisearch. */
function door(make: typeof createSearch, env: Awaited<ReturnType<typeof libraryServices>>): Door {
  const search = uncachedDoor(make, { sql: env.searchSql, meili: env.meili }) as Door;
  // Meilisearch searches are counted as undici announces them (on the diagnostics channel both
  // `fetch`, which meilisearch-js uses, and the undici package publish to), whichever client a
  // door sends them with; doors take turns, so the count between two readings is one door's.
  Object.defineProperty(search, "asked", { get: () => meiliSearches });
  return search;
}

/**
 * Both doors on the labelled queries at this library's size: each door's recall@1/@3 of the
 * expected rebuttal and share answered at once with it (`isSameRumour`), and how many queries
 * they answer alike (the same ranked ids; the same match ids, scores and confidence).
 */
async function compareDoors(
  a: Door,
  b: Door,
  sets: Record<string, LabelledQuery[]>,
  idOf: Map<string, string>,
) {
  const tally = () => ({ n: 0, r1: 0, r3: 0, answered: 0 });
  const all = [tally(), tally()] as const;
  let ids = 0;
  let matches = 0;
  let total = 0;
  const moved: string[] = [];
  const out: string[] = [];
  for (const [name, queries] of Object.entries(sets)) {
    const bySet = [tally(), tally()] as const;
    for (const { q, expected } of queries) {
      const id = idOf.get(expected)!;
      const runs = [];
      for (const d of [a, b])
        runs.push({ ranked: await d.rank(q, {}), matched: await d.match(q, { limit: 10 }) });
      const pos = runs.map(({ ranked, matched }, i) => {
        const p = ranked.ids.indexOf(id);
        for (const t of [all[i]!, bySet[i]!]) {
          t.n++;
          if (p === 0) t.r1++;
          if (p >= 0 && p < 3) t.r3++;
          if (matched[0]?.rebuttalId === id && isSameRumour(matched[0])) t.answered++;
        }
        return p;
      });
      const top3 = pos.map((p) => p >= 0 && p < 3);
      if (top3[0] !== top3[1])
        moved.push(`  ${name}: ${q.slice(0, 40)} at ${pos[0]} (baseline ${pos[1]})`);
      total++;
      if (JSON.stringify(runs[0]!.ranked.ids) === JSON.stringify(runs[1]!.ranked.ids)) ids++;
      if (JSON.stringify(runs[0]!.matched) === JSON.stringify(runs[1]!.matched)) matches++;
    }
    out.push(`  ${name.padEnd(15)} ${line(bySet[0])}  |  baseline ${line(bySet[1])}`);
  }
  return [
    `labelled queries: ${line(all[0])}  |  baseline ${line(all[1])}`,
    ...out,
    `same ranked ids (up to 50) ${ids}/${total}, same match (top 10 ids, score, confidence) ${matches}/${total}`,
    "in the top 3 for one door only:",
    ...moved,
  ].join("\n");
}

function line(t: { n: number; r1: number; r3: number; answered: number }) {
  const f = (x: number) => (x / (t.n || 1)).toFixed(3);
  return `n ${t.n} R@1 ${f(t.r1)} R@3 ${f(t.r3)} answered ${f(t.answered)}`;
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
    `library: ${lines.length} rebuttals, imported at ${(lines.length / importS).toFixed(0)}/s (searchable in both engines), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const doors: [string, Door][] = [["this", door(createSearch, env)]];
  if (process.env.PROFILE_BASELINE) {
    const make = await createSearchAt(process.env.PROFILE_BASELINE);
    doors.push([process.env.PROFILE_BASELINE, door(make, env)]);
  }
  const phases = (s: Search): [string, string[], (q: string) => Promise<unknown>][] => {
    const ctx = {
      deps: { ...deps, search: s },
      actor: publicActor,
      meta: { ip: "10.0.0.1", requestId: "profile" },
    };
    return [
      ["search short", short, (q) => s.search({ q })],
      ["search pasted", pasted, (q) => s.search({ q })],
      ["match pasted", pasted, (q) => s.match(q)],
      ["match forwards", forwards, (q) => s.match(q)],
      ["intake forwards", forwards, (q) => createReport(ctx, { text: q })],
    ];
  };
  // Warm-up: the segmenter's dictionaries, the term statistics, the JIT.
  for (const [, d] of doors)
    for (const [, list, run] of phases(d).slice(0, 4))
      for (const q of list.slice(0, 10)) await run(q);
  if (doors.length === 2) {
    const idOf = new Map(
      (
        await deps.sql<{ id: string; externalId: string }[]>`
        select id, external_id from rebuttals where external_id is not null`
      ).map((r) => [r.externalId, r.id]),
    );
    const only = process.env.PROFILE_SETS?.split(",");
    const labelled = Object.fromEntries(
      Object.entries({
        ...sets,
        handwritten: handwrittenRepeats,
        "handwritten-2": moreRepeats,
      }).filter(([name]) => !only || only.includes(name)),
    );
    console.log(
      `this vs ${doors[1]![0]}, ${await compareDoors(doors[0]![1], doors[1]![1], labelled, idOf)}`,
    );
    const fresh = [...handwrittenNewRumours, ...moreNewRumours];
    const answered = await Promise.all(
      doors.map(async ([, d]) => {
        let n = 0;
        for (const q of fresh) if (isSameRumour((await d.match(q, { limit: 1 }))[0])) n++;
        return (n / fresh.length).toFixed(3);
      }),
    );
    console.log(
      `${fresh.length} new rumours answered at once: this ${answered[0]}, baseline ${answered[1]}`,
    );
  }
  /** One phase of one door: CPU ms per operation of Node, Postgres and Meilisearch. */
  const measure = async (d: Door, [name, list, run]: ReturnType<typeof phases>[number]) => {
    const pg0 = processCpuMs(env.pgPid);
    const meili0 = processCpuMs(env.meili.pid);
    const asked0 = d.asked;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const q of list) await run(q);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const node = (cpu.user + cpu.system) / 1000 / list.length;
    const pg = (processCpuMs(env.pgPid) - pg0) / list.length;
    const meili = (processCpuMs(env.meili.pid) - meili0) / list.length;
    return {
      name,
      n: list.length,
      ms: ms / list.length,
      node,
      pg,
      meili,
      asked: (d.asked - asked0) / list.length,
    };
  };
  const f = (x: number) => x.toFixed(1).padStart(6);
  const figures: string[] = [];
  for (let p = 0; p < 5; p++) {
    // Doors take turns going first, so a burst of load on the machine hits both alike.
    const order = p % 2 === 0 ? doors : [...doors].reverse();
    const rows = new Map<string, Awaited<ReturnType<typeof measure>>>();
    for (const [label, d] of order) rows.set(label, await measure(d, phases(d)[p]!));
    for (const [label] of doors) {
      const r = rows.get(label)!;
      figures.push(
        `${r.name.padEnd(16)} ${label.padEnd(6)} ${f(r.ms)} ms/op wall  CPU ms/op: Node ${f(r.node)}  Postgres ${f(r.pg)}  Meilisearch ${f(r.meili)}  total ${f(r.node + r.pg + r.meili)}  Meilisearch asked ${(100 * r.asked).toFixed(0).padStart(3)} %`,
      );
    }
    if (doors.length === 2) {
      const [a, b] = doors.map(([label]) => rows.get(label)!);
      const total = (r: typeof a) => r!.node + r!.pg + r!.meili;
      figures.push(
        `${"".padEnd(23)} total CPU ${doors[1]![0]} / this: ${(total(b) / total(a)).toFixed(2)}×`,
      );
    }
  }
  figures.push(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  figures.push(...(await sqlCosts(deps.sql, env.pgPid)));
  console.log(figures.join("\n"));
  // Where this checkout's door spends its time, with the V8 profiler on (it adds its own cost).
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  for (const phase of phases(doors[0]![1])) for (const q of phase[1]) await phase[2](q);
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  if (process.env.PROFILE_OUT) fs.writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  console.log(selfTimes(profile as never));
} finally {
  await env.close();
}
