/**
 * `npm run bench:relevance-scale [-- tune]`: recall of the labelled queries in a library of the
 * 296 shared documents plus `SCALE_SIZE` generated rebuttals (default 20,000), measured two ways
 * side by side (ADR 0225):
 *
 * - **old**: bench:scale's generator (each generated claim = 2 real claim sentences), R@1/R@3 of
 *   the labelled document. Each short claim then recurs verbatim in ≈ 135 generated rebuttals.
 *   Printed with it: `copy-aware` R@1/R@3 (a generated rebuttal whose claim holds the labelled
 *   claim whole counts as right) and, for the queries missing R@1, how often the rank-1 hit is
 *   such a copy or holds one of the labelled claim's sentences.
 * - **fair**: the same generator with claims drawn from body sentences (`claimsFrom: "bodies"`),
 *   so the labelled document is the only one stating its claim; R@1/R@3 of the labelled document.
 *
 * For each it also says where a miss is lost: the labelled document absent from the Postgres
 * candidates (no rare bigram shared, or cut at the limit, tied or not), or present and ranked
 * below. `tune` reports the tuning halves, the default the held-out halves. `SCALE_BASELINE=<rev>`
 * also runs that revision's search door on the same engines (recall only).
 * `SCALE_LIBRARIES=fair` (or `old`) builds one library only.
 */
import os from "node:os";
import { sqlCandidates } from "../src/library/db/candidates.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { queryGrams } from "../src/library/projected-set.ts";
import { queryTerms } from "../src/library/query-terms.ts";
import { LIMITS, lookupTerms } from "../src/library/retrieve.ts";
import { createSearch, type Search } from "../src/library/search.ts";
import { shingleHashes } from "../src/library/shingle-hash.ts";
import { TermStats } from "../src/library/term-stats.ts";
import { generate, sentences } from "./generate-library.ts";
import {
  createSearchAt,
  type DataItem,
  libraryServices,
  loadSharedData,
  processCpuMs,
  uncachedDoor,
} from "./library-env.ts";
import { handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreRepeats } from "./relevance-handwritten-more.ts";
import { buildQuerySets, type LabelledQuery, split } from "./relevance-queries.ts";

const SIZE = Number(process.env.SCALE_SIZE ?? 20_000);
const half = process.argv.includes("tune") ? "tune" : "report";
const libraries = (process.env.SCALE_LIBRARIES ?? "old,fair").split(",") as ("old" | "fair")[];

const { dxy, cofacts } = loadSharedData();
const items: DataItem[] = [...dxy, ...cofacts];
const generated = buildQuerySets(dxy, cofacts);
const sets: Record<string, LabelledQuery[]> = Object.fromEntries(
  Object.entries({
    short: generated.short!,
    paraphrase: generated.paraphrase!,
    typo: generated.typo!,
    traditional: generated.traditional!,
    handwritten: handwrittenRepeats,
    "handwritten-2": moreRepeats,
  }).map(([name, all]) => [name, split(all)[half]]),
);
const claimOf = new Map(items.map((i) => [i.externalId, i.claim.trim()]));
const claimSentences = new Map(
  items.map((i) => [i.externalId, sentences([{ ...i, body: "", summary: "" }]).claims]),
);

type Env = Awaited<ReturnType<typeof libraryServices>>;

const door = (make: typeof createSearch, env: Env): Search =>
  uncachedDoor(make, { sql: env.searchSql, meili: env.meili });

/** Where the labelled row stands in one Postgres lookup: its weight, the cut's, rows above it. */
async function standing(env: Env, q: string, id: string) {
  const sql = env.deps.sql;
  const freq = await new TermStats().get(sql);
  const rare = lookupTerms(queryTerms(q), freq);
  const rows = await sqlCandidates(sql, {
    hashes: queryGrams(queryTerms(q)).hashes,
    rareDoc: rare.doc,
    rareBody: rare.body,
    filters: {},
    docLimit: LIMITS.doc,
    bodyLimit: LIMITS.body,
    pendingLimit: LIMITS.pending,
  });
  if (rows.some((r) => r.id === id)) return "candidate";
  const [doc] = await sql<{ mine: number | null; cut: number | null; tied: number }[]>`
    with d as (select s.rebuttal_id as id, cardinality(s.doc_h & ${shingleHashes(rare.doc)}::int4[]) as w
      from rebuttal_search s where s.doc_h && ${shingleHashes(rare.doc)}::int4[])
    select (select w from d where id = ${id}) as mine,
      (select w from d order by w desc limit 1 offset ${LIMITS.doc - 1}) as cut,
      (select count(*)::int from d where w = (select w from d where id = ${id})) as tied`;
  if (doc?.mine == null) return "no rare bigram shared (claim/title/summary)";
  return doc.mine === doc.cut ? "tied at the cut" : "below the cut";
}

async function measure(kind: "old" | "fair", baseline?: string) {
  const env = await libraryServices();
  try {
    const { deps } = env;
    const shared = items.map((i) => JSON.stringify({ ...i, category: "infectious-disease" }));
    const pool = sentences(items);
    const lines = [
      ...shared,
      ...generate(pool, 0, SIZE, { claimsFrom: kind === "fair" ? "bodies" : "claims" }),
    ];
    const t0 = performance.now();
    for (let i = 0; i < lines.length; i += 5000)
      await importRebuttals(deps, lines.slice(i, i + 5000));
    await deps.sql`analyze rebuttal_search`;
    const rows = await deps.sql<{ id: string; externalId: string; claim: string }[]>`
      select id, external_id, claim from rebuttals where external_id is not null`;
    const idOf = new Map(rows.map((r) => [r.externalId, r.id]));
    const generatedClaim = new Map(
      rows.filter((r) => r.externalId.startsWith("scale-")).map((r) => [r.id, r.claim]),
    );
    // How many generated rebuttals state a labelled claim whole: the "equally right" answers.
    const copies = [...claimOf.values()].map(
      (c) => [...generatedClaim.values()].filter((g) => g.includes(c)).length,
    );
    console.log(
      `\n== ${kind} library: ${lines.length} rebuttals (built in ${((performance.now() - t0) / 1000).toFixed(0)} s), ${half} half, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    console.log(
      `generated rebuttals stating a labelled claim whole: median ${median(copies)}, max ${Math.max(...copies)}, labelled claims with ≥ 1 copy ${copies.filter((c) => c > 0).length}/${copies.length}`,
    );
    const doors: [string, Search][] = [["this", door(createSearch, env)]];
    if (baseline) doors.push([baseline, door(await createSearchAt(baseline), env)]);
    for (const [, d] of doors)
      for (const q of Object.values(sets).flat().slice(0, 20)) await d.rank(q.q, {});
    const totals = new Map(doors.map(([label]) => [label, tally()]));
    for (const [name, queries] of Object.entries(sets)) {
      // Doors take turns going first, so a burst of load on the machine hits both alike.
      const order = name.length % 2 === 0 ? doors : [...doors].reverse();
      const bySet = new Map<string, ReturnType<typeof tally>>();
      for (const [label, d] of order) {
        const t = tally();
        bySet.set(label, t);
        const cpu = cpuNow(env);
        const ranked = [];
        for (const { q } of queries) ranked.push((await d.rank(q, {})).ids);
        t.cpu = cpuNow(env).map((x, i) => x - cpu[i]!);
        totals.get(label)!.cpu = totals.get(label)!.cpu.map((x, i) => x + t.cpu[i]!);
        for (const [i, { q, expected }] of queries.entries()) {
          await score(t, totals.get(label)!, { q, expected, ids: ranked[i]!, label });
        }
      }
      for (const [label] of doors)
        console.log(`${label.padEnd(8)} ${name.padEnd(14)} ${line(bySet.get(label)!, kind)}`);
    }
    for (const [label] of doors)
      console.log(`${label.padEnd(8)} ${"all".padEnd(14)} ${line(totals.get(label)!, kind)}`);

    /** One query's outcome added to its set's tally and the door's total. */
    async function score(
      t: ReturnType<typeof tally>,
      total: ReturnType<typeof tally>,
      { q, expected, ids, label }: { q: string; expected: string; ids: string[]; label: string },
    ) {
      const id = idOf.get(expected)!;
      const p = ids.indexOf(id);
      const isCopy = (hit: string) =>
        hit === id || (generatedClaim.get(hit)?.includes(claimOf.get(expected)!) ?? false);
      const pc = ids.findIndex(isCopy);
      for (const x of [t, total]) {
        x.n++;
        if (p === 0) x.r1++;
        if (p >= 0 && p < 3) x.r3++;
        if (pc === 0) x.c1++;
        if (pc >= 0 && pc < 3) x.c3++;
        if (p !== 0 && ids[0]) {
          const top = generatedClaim.get(ids[0]);
          if (top && isCopy(ids[0])) x.topCopy++;
          else if (top && claimSentences.get(expected)!.some((s) => top.includes(s)))
            x.topSentence++;
        }
      }
      if (label === "this" && process.env.SCALE_PRINT) console.log(`RANK ${p} ${q}`);
      if (label === "this" && p !== 0) {
        const where = p > 0 ? (p < 3 ? "ranked 2-3" : "ranked 4+") : await standing(env, q, id);
        const key = where === "candidate" ? "candidate, not in the answer" : where;
        for (const x of [t, total]) x.lost.set(key, (x.lost.get(key) ?? 0) + 1);
      }
    }
  } finally {
    await env.close();
  }
}

/** CPU ms so far of Node (this process), Postgres (with its backends) and Meilisearch. */
function cpuNow(env: Env) {
  const node = process.cpuUsage();
  return [(node.user + node.system) / 1000, processCpuMs(env.pgPid), processCpuMs(env.meili.pid)];
}

function tally() {
  return {
    cpu: [0, 0, 0],
    n: 0,
    r1: 0,
    r3: 0,
    c1: 0,
    c3: 0,
    topCopy: 0,
    topSentence: 0,
    lost: new Map<string, number>(),
  };
}

function line(t: ReturnType<typeof tally>, kind: "old" | "fair") {
  const f = (x: number) => (x / (t.n || 1)).toFixed(3);
  const misses = t.n - t.r1;
  const lost = [...t.lost].map(([k, v]) => `${k} ${v}`).join(", ");
  const copy =
    kind === "old"
      ? ` | copy-aware R@1 ${f(t.c1)} R@3 ${f(t.c3)} | R@1 misses ${misses}: top hit a copy ${t.topCopy}, holds a claim sentence ${t.topSentence}`
      : "";
  const [node, pg, meili] = t.cpu.map((x) => (x / (t.n || 1)).toFixed(1));
  const cpu = ` CPU ms/search Node ${node} Postgres ${pg} Meilisearch ${meili}`;
  return `n ${String(t.n).padStart(3)}${cpu} R@1 ${f(t.r1)} R@3 ${f(t.r3)}${copy}${lost ? ` | lost: ${lost}` : ""}`;
}

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

for (const kind of libraries) await measure(kind, process.env.SCALE_BASELINE);
