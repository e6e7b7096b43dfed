/**
 * `npx tsx bench/meili-settings.ts`: what each change to what Meilisearch indexes costs, raw.
 * Indexes the same `SETTINGS_SIZE` generated documents (default 20,000; the import's documents,
 * `toDocument` of the bench:scale generator) into a fresh index per variant, in tasks of 5,000
 * enqueued at once, `SETTINGS_ROUNDS` times (default 2) in turn so that the machine's load hits
 * every variant alike; then times `SETTINGS_QUERIES` short questions one at a time on each.
 * Prints wall docs/s, Meilisearch CPU ms per 1,000 documents and its own search time
 * (`processingTimeMs`, p50/p99/mean) per variant; `SETTINGS_ONLY=a,b` keeps variants by name.
 * `SETTINGS_THREADS` sets the launcher's `--max-indexing-threads` (default: the launcher's).
 * `SETTINGS_GROWN=n` measures task sizes instead (`SETTINGS_TASKS`, default 5000,20000): one index
 * with the current settings holds n documents first (not measured), then each task size adds
 * `SETTINGS_SIZE` new documents to it in tasks of that size, sent one after the other as an
 * import's commits would, in the order a, b, b, a per round (the index grows under both alike).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Meilisearch, Settings } from "meilisearch";
import { startEmbeddedMeilisearch } from "../infra/embedded/meilisearch.ts";
import { BULK_WAIT, TASK_WAIT, waitForTasks } from "../src/library/index-rebuttal.ts";
import {
  type RebuttalDocument,
  rebuttalIndexSettings,
} from "../src/library/meili/rebuttal-index.ts";
import { canonicalize } from "../src/library/synonyms.ts";
import { normalizeText } from "../src/text/normalize.ts";
import { generate, sentences } from "./generate-library.ts";
import { documentOfLine, loadSharedData, processCpuMs } from "./library-env.ts";

const SIZE = Number(process.env.SETTINGS_SIZE ?? 20_000);
const ROUNDS = Number(process.env.SETTINGS_ROUNDS ?? 2);
const QUERIES = Number(process.env.SETTINGS_QUERIES ?? 300);
const BATCH = 5000;

interface Variant {
  name: string;
  settings: Settings;
  /** Changes each document before it is sent (e.g. a shorter body). */
  doc?: (d: RebuttalDocument) => RebuttalDocument;
}

const base = rebuttalIndexSettings();
const withBody = (n: number) => (d: RebuttalDocument) => ({ ...d, body: d.body.slice(0, n) });
/** An import's default title (the claim's opening) left out: the same words indexed once. */
const noRepeatedTitle = (d: RebuttalDocument) =>
  d.claim.startsWith(d.title) ? { ...d, title: "" } : d;
const noBody = (d: RebuttalDocument) => ({ ...d, body: "" });
/** Only what search reads of a document: its id, searched text and filters. */
const searchFieldsOnly = (d: RebuttalDocument) =>
  ({
    id: d.id,
    claim: d.claim,
    title: d.title,
    summary: d.summary,
    tags: d.tags,
    body: d.body,
    category: d.category,
    verdict: d.verdict,
    regions: d.regions,
  }) as RebuttalDocument;
const ALL: Variant[] = [
  { name: "current settings and documents", settings: base },
  // The current settings have proximity by attribute since ADR 0317; byWord is what they had before.
  {
    name: "proximity byWord (before ADR 0317)",
    settings: { ...base, proximityPrecision: "byWord" },
  },
  { name: "prefix search disabled", settings: { ...base, prefixSearch: "disabled" } },
  { name: "body 600", settings: base, doc: withBody(600) },
  { name: "body 300", settings: base, doc: withBody(300) },
  {
    name: "typo off on body and numbers",
    settings: { ...base, typoTolerance: { disableOnAttributes: ["body"], disableOnNumbers: true } },
  },
  {
    name: "no localizedAttributes",
    settings: { ...base, localizedAttributes: [] },
  },
  { name: "title not repeated", settings: base, doc: noRepeatedTitle },
  { name: "no body", settings: base, doc: noBody },
  {
    name: "title not repeated, body 100",
    settings: base,
    doc: (d) => withBody(100)(noRepeatedTitle(d)),
  },
  {
    name: "filters search uses",
    settings: {
      ...base,
      filterableAttributes: ["category", "verdict", "regions"],
      sortableAttributes: [],
    },
  },
  {
    name: "filters search uses, stored fields it reads",
    settings: {
      ...base,
      filterableAttributes: ["category", "verdict", "regions"],
      sortableAttributes: [],
    },
    doc: searchFieldsOnly,
  },
  {
    name: "byWord + prefix disabled",
    settings: { ...base, proximityPrecision: "byWord", prefixSearch: "disabled" },
  },
];
const only = process.env.SETTINGS_ONLY?.split(",");
const VARIANTS = only ? ALL.filter((v) => only.some((o) => v.name.includes(o))) : ALL;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

function documents(): RebuttalDocument[] {
  const { dxy, cofacts } = loadSharedData();
  const pool = sentences([...dxy, ...cofacts]);
  return generate(pool, 0, SIZE).map(documentOfLine);
}

/**
 * Short questions as people type them: the shared data's claims, cut to 8–24 characters, folded
 * as `meiliCandidates` sends them (synonyms too, ADR 0319).
 */
function queries(): string[] {
  const { dxy, cofacts } = loadSharedData();
  return [...dxy, ...cofacts]
    .map((d, i) => canonicalize(normalizeText(d.claim).slice(0, 8 + (i % 17))))
    .slice(0, QUERIES);
}

async function indexOnce(client: Meilisearch, pid: number, v: Variant, docs: RebuttalDocument[]) {
  const uid = `v_${crypto.randomUUID().slice(0, 8)}`;
  await client.createIndex(uid, { primaryKey: "id" }).waitTask(TASK_WAIT);
  await client.index(uid).updateSettings(v.settings).waitTask(TASK_WAIT);
  const sent = v.doc ? docs.map(v.doc) : docs;
  const cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  const tasks = [];
  for (let i = 0; i < sent.length; i += BATCH) {
    tasks.push(client.index(uid).addDocuments(sent.slice(i, i + BATCH)));
  }
  await waitForTasks(client, tasks, BULK_WAIT);
  return { uid, s: (performance.now() - t0) / 1000, cpu: processCpuMs(pid) - cpu0 };
}

/** Meilisearch's own processing time per query (`processingTimeMs`: no HTTP, no client). */
async function searchTimes(client: Meilisearch, uid: string, qs: string[]) {
  const ms: number[] = [];
  for (const q of qs) {
    const res = await client.index(uid).search(q, { limit: 30, attributesToRetrieve: ["id"] });
    ms.push(res.processingTimeMs);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!;
  return { p50: at(0.5), p99: at(0.99), mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}

/** `n` new documents (fresh ids) of the generator, from line `from` on. */
function documentsAt(pool: ReturnType<typeof sentences>, from: number, n: number) {
  return generate(pool, from, from + n).map(documentOfLine);
}

/** Adds `docs` to `uid` in tasks of `task`, each sent once the previous one is processed. */
async function addInTasks(
  client: Meilisearch,
  uid: string,
  docs: RebuttalDocument[],
  task: number,
) {
  for (let i = 0; i < docs.length; i += task) {
    await waitForTasks(
      client,
      [client.index(uid).addDocuments(docs.slice(i, i + task))],
      BULK_WAIT,
    );
  }
}

/** `SETTINGS_GROWN`: Meilisearch's CPU per 1,000 documents by task size on an index of that size. */
async function taskSizes(client: Meilisearch, pid: number, grown: number) {
  const { dxy, cofacts } = loadSharedData();
  const pool = sentences([...dxy, ...cofacts]);
  const sizes = (process.env.SETTINGS_TASKS ?? "5000,20000").split(",").map(Number);
  const uid = `grown_${crypto.randomUUID().slice(0, 8)}`;
  await client.createIndex(uid, { primaryKey: "id" }).waitTask(TASK_WAIT);
  await client.index(uid).updateSettings(base).waitTask(TASK_WAIT);
  await addInTasks(client, uid, documentsAt(pool, 0, grown), 20_000);
  let at = grown;
  const order = Array.from({ length: ROUNDS }, () => [...sizes, ...[...sizes].reverse()]).flat();
  const runs = new Map<number, string[]>();
  for (const task of order) {
    const docs = documentsAt(pool, at, SIZE);
    const cpu0 = processCpuMs(pid);
    const t0 = performance.now();
    await addInTasks(client, uid, docs, task);
    const s = (performance.now() - t0) / 1000;
    const cpu = ((processCpuMs(pid) - cpu0) / SIZE) * 1000;
    console.log(
      `tasks of ${task}, ${at} → ${at + SIZE} documents: ${(SIZE / s).toFixed(0)} docs/s, ${cpu.toFixed(0)} CPU ms per 1,000; load ${load()}`,
    );
    runs.set(task, [...(runs.get(task) ?? []), `${cpu.toFixed(0)} (${at / 1000}k)`]);
    at += SIZE;
  }
  console.log("\n| documents per task | Meilisearch CPU ms per 1,000 docs (index size before) |");
  console.log("| --- | --- |");
  for (const [task, r] of runs) console.log(`| ${task} | ${r.join(", ")} |`);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-meili-settings-"));
const threads = process.env.SETTINGS_THREADS;
const meili = await startEmbeddedMeilisearch({
  dir: path.join(root, "meilisearch"),
  ...(threads ? { maxIndexingThreads: Number(threads) } : {}),
});
try {
  const { Meilisearch: Client } = await import("meilisearch");
  const client = new Client({ host: meili.url, apiKey: meili.key, timeout: 60_000 });
  const grown = Number(process.env.SETTINGS_GROWN ?? 0);
  if (grown > 0) {
    console.log(`load before: ${load()}; ${grown} documents, then ${SIZE} per task size`);
    await taskSizes(client, meili.pid, grown);
  } else {
    const docs = documents();
    const qs = queries();
    console.log(
      `load before: ${load()}; ${SIZE} documents, ${ROUNDS} rounds, ${qs.length} queries`,
    );
    const runs = new Map<
      string,
      { s: number; cpu: number; p50: number; p99: number; mean: number }[]
    >();
    for (let r = 0; r < ROUNDS; r++) {
      for (const v of VARIANTS) {
        const m = await indexOnce(client, meili.pid, v, docs);
        const t = await searchTimes(client, m.uid, qs);
        await client.deleteIndex(m.uid).waitTask(TASK_WAIT);
        runs.set(v.name, [...(runs.get(v.name) ?? []), { ...m, ...t }]);
        console.log(
          `round ${r + 1} ${v.name}: ${(SIZE / m.s).toFixed(0)} docs/s, ${((m.cpu / SIZE) * 1000).toFixed(0)} CPU ms per 1,000, search (processingTimeMs) p50 ${t.p50} / p99 ${t.p99} / mean ${t.mean.toFixed(2)} ms; load ${load()}`,
        );
      }
    }
    const baseCpu = Math.min(...runs.get(VARIANTS[0]!.name)!.map((x) => x.cpu));
    console.log(
      "\n| variant | docs/s (each round) | Meilisearch CPU ms per 1,000 docs (each round) | best CPU / first variant's | Meilisearch processingTimeMs p50 / p99 / mean (each round) |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    for (const v of VARIANTS) {
      const rs = runs.get(v.name)!;
      const best = Math.min(...rs.map((x) => x.cpu));
      console.log(
        `| ${v.name} | ${rs.map((x) => (SIZE / x.s).toFixed(0)).join(", ")} | ${rs.map((x) => ((x.cpu / SIZE) * 1000).toFixed(0)).join(", ")} | ${(best / baseCpu).toFixed(2)} | ${rs.map((x) => `${x.p50} / ${x.p99} / ${x.mean.toFixed(2)}`).join(", ")} |`,
      );
    }
    console.log(`load after: ${load()}`);
  }
} finally {
  await meili.stop();
  fs.rmSync(root, { recursive: true, force: true });
}
