/**
 * Which way each benchmark query goes through `retrieve()` (issue 12, ADR 0255) and what each
 * way costs: `routesOf` runs every query once through the search door's engines in this process
 * and records its route (`sure`, `pasted`, `meili`, `by-id`); `routeCosts` runs each class × route
 * group alone, one search at a time, for its latency and CPU ms per search of this process,
 * Postgres and Meilisearch; `driveTagged` loads the HTTP API at 10 connections and keeps each
 * request's latency with its query, so the slowest 1 % can be traced to classes and routes;
 * `explainCandidates` runs `explain (analyze, buffers)` of the Postgres candidate statement (and
 * of the by-id statement) per class (ADR 0275). Used by bench/profile-http.ts.
 */
import { byIdStatement, candidateStatement } from "../src/library/db/candidates.ts";
import { meiliCandidates } from "../src/library/meili/query-rebuttals.ts";
import { normalizedQueryTerms } from "../src/library/query-terms.ts";
import {
  candidateLookup,
  LIMITS,
  type LibraryEngines,
  type Route,
  retrieve,
} from "../src/library/retrieve.ts";
import { normalizeText } from "../src/text/normalize.ts";
import type { libraryServices } from "./library-env.ts";
import { benchEngines, processCpuMs } from "./library-env.ts";

type Env = Awaited<ReturnType<typeof libraryServices>>;

export interface RoutedQuery {
  cls: string;
  q: string;
  /** Sent by the load benchmarks (the other classes are measured alone only). */
  inLoad: boolean;
  route: Route;
}

/** Every query's route through `retrieve()` as the public search calls it (no filters). */
export async function routesOf(
  env: Env,
  queries: { cls: string; q: string; inLoad: boolean }[],
): Promise<RoutedQuery[]> {
  const e = benchEngines(env);
  const out: RoutedQuery[] = [];
  for (const x of queries) {
    const { route } = await retrieve(e, normalizeText(x.q), {}, { meili: true });
    out.push({ ...x, route });
  }
  return out;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! : Number.NaN;

function groups<T extends { cls: string; route: Route }>(xs: T[]): [string, T[]][] {
  const by = new Map<string, T[]>();
  for (const x of xs) {
    const key = `${x.cls} | ${x.route}`;
    by.set(key, [...(by.get(key) ?? []), x]);
  }
  return [...by.entries()];
}

/**
 * Each class × route group run alone, one search at a time (at least `perGroup` searches):
 * a markdown table of its share of the load's queries, latency and CPU ms per search.
 */
export async function routeCosts(env: Env, routed: RoutedQuery[], perGroup = 120) {
  const e = benchEngines(env);
  const inLoad = routed.filter((r) => r.inLoad).length;
  const lines = [
    "| class | route | share of load queries | queries | alone p50 / p99 ms | CPU ms per search: bench process (retrieve) / Postgres / Meilisearch / total |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  const totals = new Map<Route, { n: number; cpu: number; share: number }>();
  for (const [key, xs] of groups(routed)) {
    for (const x of xs) await retrieve(e, normalizeText(x.q), {}, { meili: true });
    const rounds = Math.ceil(perGroup / xs.length);
    const ms: number[] = [];
    const node0 = process.cpuUsage();
    const pg0 = processCpuMs(env.pgPid);
    const meili0 = processCpuMs(env.meili.pid);
    for (let r = 0; r < rounds; r++) {
      for (const x of xs) {
        const t0 = performance.now();
        await retrieve(e, normalizeText(x.q), {}, { meili: true });
        ms.push(performance.now() - t0);
      }
    }
    const cpu = process.cpuUsage(node0);
    const n = ms.length;
    const node = (cpu.user + cpu.system) / 1000 / n;
    const pg = (processCpuMs(env.pgPid) - pg0) / n;
    const meili = (processCpuMs(env.meili.pid) - meili0) / n;
    ms.sort((a, b) => a - b);
    const share = xs[0]!.inLoad ? xs.length / inLoad : 0;
    const f = (v: number) => v.toFixed(1);
    lines.push(
      `| ${key} | ${xs[0]!.inLoad ? `${(100 * share).toFixed(1)} %` : "not in load"} | ${xs.length} | ${f(pct(ms, 0.5))} / ${f(pct(ms, 0.99))} | ${f(node)} / ${f(pg)} / ${f(meili)} / **${f(node + pg + meili)}** |`,
    );
    if (xs[0]!.inLoad) {
      const route = xs[0]!.route;
      const t = totals.get(route) ?? { n: 0, cpu: 0, share: 0 };
      totals.set(route, {
        n: t.n + xs.length,
        cpu: t.cpu + xs.length * (node + pg + meili),
        share: t.share + share,
      });
    }
  }
  const all = [...totals.values()].reduce((s, t) => s + t.cpu, 0);
  lines.push(
    "",
    "Load queries by route: share of searches, mean CPU ms per search, share of the load's CPU",
  );
  for (const [route, t] of totals) {
    lines.push(
      `- ${route}: ${(100 * t.share).toFixed(1)} % of searches, ${(t.cpu / t.n).toFixed(1)} ms, ${((100 * t.cpu) / all).toFixed(1)} % of CPU`,
    );
  }
  return lines.join("\n");
}

/**
 * `connections` loops of `GET /api/v1/rebuttals` for `seconds`, each request's latency kept with
 * its query: per class × route, share of requests, p50 / p99 under load, and share of the
 * slowest 1 % of all requests.
 */
export async function driveTagged(
  base: string,
  routed: RoutedQuery[],
  seconds: number,
  connections = 10,
) {
  // Interleaved (a fixed shuffle), so a run shorter than one pass still sends each class its share.
  const load = routed
    .filter((r) => r.inLoad)
    .map((r, i) => ({ r, k: Math.imul(i + 1, 0x9e3779b1) >>> 0 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
  const seen: { i: number; ms: number }[] = [];
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      const n = next++;
      const i = n % load.length;
      const t0 = performance.now();
      const res = await fetch(
        `${base}/api/v1/rebuttals?q=${encodeURIComponent(load[i]!.q)}&limit=10`,
        { headers: { "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` } },
      );
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`search answered ${res.status}`);
      seen.push({ i, ms: performance.now() - t0 });
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const all = seen.map((s) => s.ms).sort((a, b) => a - b);
  const p99 = pct(all, 0.99);
  const slow = seen.filter((s) => s.ms >= p99).length;
  const lines = [
    `${seen.length} searches in ${seconds} s at ${connections} connections: p50 ${pct(all, 0.5).toFixed(0)} / p99 ${p99.toFixed(0)} ms`,
    "| class | route | share of requests | p50 / p99 under load ms | share of the slowest 1 % |",
    "| --- | --- | --- | --- | --- |",
  ];
  const tagged = seen.map((s) => ({ ...s, cls: load[s.i]!.cls, route: load[s.i]!.route }));
  for (const [key, xs] of groups(tagged)) {
    const ms = xs.map((x) => x.ms).sort((a, b) => a - b);
    lines.push(
      `| ${key} | ${((100 * xs.length) / seen.length).toFixed(1)} % | ${pct(ms, 0.5).toFixed(0)} / ${pct(ms, 0.99).toFixed(0)} | ${((100 * xs.filter((x) => x.ms >= p99).length) / slow).toFixed(1)} % |`,
    );
  }
  return lines.join("\n");
}

interface PlanNode {
  "Node Type": string;
  "Subplan Name"?: string;
  "CTE Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Shared Hit Blocks": number;
  "Shared Read Blocks": number;
  Plans?: PlanNode[];
}

/** Rows the candidate statement's `d` (claim/title/summary) and `b` (body) lookups found. */
function cteRows(node: PlanNode, out: Record<string, number> = {}): Record<string, number> {
  if (node["Subplan Name"]?.startsWith("CTE ")) {
    const name = node["Subplan Name"].slice(4);
    out[name] = node["Actual Rows"] * node["Actual Loops"];
  }
  for (const p of node.Plans ?? []) cteRows(p, out);
  return out;
}

/**
 * `explain (analyze, buffers)` of the Postgres candidate statement for the first `perClass`
 * queries of each class: per class × route the median execution time, shared buffers and rows
 * each lookup found; the whole plan of the first short, typo and Traditional question.
 */
export async function explainCandidates(env: Env, routed: RoutedQuery[], perClass = 20) {
  const e = benchEngines(env);
  const sql = env.deps.sql;
  const byClass = new Map<string, RoutedQuery[]>();
  for (const x of routed) byClass.set(x.cls, [...(byClass.get(x.cls) ?? []), x]);
  const lines = [
    "| class | queries | planning ms p50 | execution ms p50 / max | shared buffers p50: hit / read | rows found by d (claim/title/summary) / b (body) p50 | candidates p50 |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  const plans: string[] = [];
  const idLines = [
    "",
    "The by-id statement (`candidatesById`) of the by-id searches among them:",
    "",
    "| class | searches | ids fetched p50 | planning ms p50 | execution ms p50 / max |",
    "| --- | --- | --- | --- | --- |",
  ];
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  for (const [cls, xs] of byClass) {
    const rows = {
      ms: [] as number[],
      plan: [] as number[],
      hit: [] as number[],
      read: [] as number[],
      d: [] as number[],
      b: [] as number[],
    };
    const out: number[] = [];
    const byId = { ms: [] as number[], plan: [] as number[], ids: [] as number[] };
    for (const x of xs.slice(0, perClass)) {
      const lookup = await candidateLookup(e, normalizedQueryTerms(normalizeText(x.q)), {});
      const [explained] = await sql<
        { "QUERY PLAN": { Plan: PlanNode; "Execution Time": number; "Planning Time": number }[] }[]
      >`
        explain (analyze, buffers, format json) ${candidateStatement(sql, lookup)}`;
      const { Plan, "Execution Time": ms, "Planning Time": plan } = explained!["QUERY PLAN"][0]!;
      const ctes = cteRows(Plan);
      rows.ms.push(ms);
      rows.plan.push(plan);
      rows.hit.push(Plan["Shared Hit Blocks"]);
      rows.read.push(Plan["Shared Read Blocks"]);
      rows.d.push(ctes.d ?? 0);
      rows.b.push(ctes.b ?? 0);
      out.push(Plan["Actual Rows"]);
      if (x.route === "by-id") await explainById(e, x.q, lookup, byId);
      if (
        plans.length < 3 &&
        xs.indexOf(x) === 0 &&
        ["short", "typo", "traditional"].includes(cls)
      ) {
        const text = await sql<{ "QUERY PLAN": string }[]>`
          explain (analyze, buffers) ${candidateStatement(sql, lookup)}`;
        plans.push(`${cls}: ${x.q}\n${text.map((r) => r["QUERY PLAN"]).join("\n")}`);
      }
    }
    if (byId.ms.length)
      idLines.push(
        `| ${cls} | ${byId.ms.length} | ${med(byId.ids)} | ${med(byId.plan).toFixed(2)} | ${med(byId.ms).toFixed(2)} / ${Math.max(...byId.ms).toFixed(2)} |`,
      );
    lines.push(
      `| ${cls} | ${rows.ms.length} | ${med(rows.plan).toFixed(1)} | ${med(rows.ms).toFixed(1)} / ${Math.max(...rows.ms).toFixed(1)} | ${med(rows.hit)} / ${med(rows.read)} | ${med(rows.d)} / ${med(rows.b)} | ${med(out)} |`,
    );
  }
  return `${lines.join("\n")}\n${idLines.join("\n")}\n\n${plans.join("\n\n")}`;
}

/** `explain analyze` of the by-id statement for what Meilisearch alone finds for `q`. */
async function explainById(
  e: LibraryEngines,
  q: string,
  lookup: Awaited<ReturnType<typeof candidateLookup>>,
  into: { ms: number[]; plan: number[]; ids: number[] },
) {
  const found = new Set(
    (await e.sql<{ id: string }[]>`${candidateStatement(e.sql, lookup)}`).map((r) => r.id),
  );
  const meili = await meiliCandidates(e.meili, normalizeText(q), {}, LIMITS.meili);
  const missing = meili.filter((id) => !found.has(id));
  if (missing.length === 0) return;
  const [explained] = await e.sql<
    { "QUERY PLAN": { "Execution Time": number; "Planning Time": number }[] }[]
  >`explain (analyze, buffers, format json) ${byIdStatement(e.sql, missing, lookup.hashes, {})}`;
  const { "Execution Time": ms, "Planning Time": plan } = explained!["QUERY PLAN"][0]!;
  into.ms.push(ms);
  into.plan.push(plan);
  into.ids.push(missing.length);
  if (into.ms.length === 1) {
    const text = await e.sql<{ "QUERY PLAN": string }[]>`
      explain (analyze, buffers) ${byIdStatement(e.sql, missing, lookup.hashes, {})}`;
    console.log(`by-id statement for ${q}:\n${text.map((r) => r["QUERY PLAN"]).join("\n")}`);
  }
}
