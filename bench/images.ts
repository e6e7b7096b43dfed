/**
 * `npm run bench:images`: on the screenshot set (bench/screenshots, generated when missing)
 * prints OCR character accuracy (1 − CER) and time per image p50/p99 (wall and CPU), the
 * memory of the OCR process, matching recall@1/@3 from screenshots against the same claims
 * typed, and share-card render time (new and cached). Each OCR engine runs in a child process
 * of its own (bench/screenshots/read-set.mjs). The baseline is @gutenye/ocr-node's own
 * pipeline on the same models, measured in the same run; tesseract.js (chi_sim, offline) is
 * the comparison recorded in docs/adr/0070-image-intake.md.
 * Options: `--baseline N` / `--tesseract N` images for those engines (default 40; 0 skips),
 * `--limit N` images for Chorus' own OCR (default all 200), `--cards N` cards (default 20).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createApp } from "../src/http/app.ts";
import { matchRebuttals } from "../src/library/match.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";
import { loadSet, type ManifestEntry, SET_DIR } from "./screenshots/generate.ts";

const run = promisify(execFile);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

interface EngineRun {
  engine: string;
  loadMs: number;
  loadedRss: number;
  peakRss: number;
  results: { file: string; text: string; ms: number; cpuMs: number }[];
}

async function readSet(engine: string, set: ManifestEntry[]): Promise<EngineRun> {
  const script = path.join(import.meta.dirname, "screenshots", "read-set.mjs");
  const { stdout } = await run("node", [script, engine, SET_DIR, ...set.map((e) => e.file)], {
    maxBuffer: 64 * 1024 * 1024,
    env: process.env,
  });
  // Kept for a closer look (which images an engine misreads): not part of the figures.
  fs.writeFileSync(path.join(os.tmpdir(), `chorus-bench-images-${engine}.json`), stdout);
  return JSON.parse(stdout) as EngineRun;
}

// The chat and notice chrome the renderer draws around the claim (tests/support/screenshots.ts).
const CHROME = ["相亲相爱一家人(8)", "昨天21:36", "真的假的?", "紧急通知", "特此通知"];
const chars = (s: string) =>
  [...s.normalize("NFKC").replace(/\s+/g, "")].filter((c) => !/[\p{P}\p{S}]/u.test(c));

function withoutChrome(text: string) {
  return text
    .split("\n")
    .filter((line) => !CHROME.includes(line.normalize("NFKC").replace(/\s+/g, "")))
    .join("\n");
}

function editDistance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** 1 − CER over the set: edits over reference characters, punctuation and spaces aside. */
function accuracy(set: ManifestEntry[], texts: Map<string, string>) {
  let edits = 0;
  let total = 0;
  for (const e of set) {
    const ref = chars(e.text);
    edits += editDistance(ref, chars(withoutChrome(texts.get(e.file) ?? "")));
    total += ref.length;
  }
  return 1 - edits / total;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
const f3 = (x: number) => x.toFixed(3);

function printEngine(r: EngineRun, set: ManifestEntry[]) {
  const texts = new Map(r.results.map((x) => [x.file, x.text]));
  const ms = r.results.map((x) => x.ms);
  const cpu = r.results.map((x) => x.cpuMs);
  const acc = accuracy(set, texts);
  console.log(
    `${r.engine.padEnd(10)} n ${String(set.length).padStart(3)}  accuracy ${f3(acc)}  ` +
      `wall p50 ${Math.round(quantile(ms, 0.5))} ms p99 ${Math.round(quantile(ms, 0.99))} ms  ` +
      `cpu p50 ${Math.round(quantile(cpu, 0.5))} ms  load ${Math.round(r.loadMs)} ms  ` +
      `rss loaded ${mb(r.loadedRss)} peak ${mb(r.peakRss)}`,
  );
  return { acc, p50: quantile(ms, 0.5), cpu50: quantile(cpu, 0.5) };
}

async function recall(
  env: Awaited<ReturnType<typeof libraryEnvironment>>,
  set: ManifestEntry[],
  textOf: (e: ManifestEntry) => string,
) {
  let r1 = 0;
  let r3 = 0;
  for (const e of set) {
    const ids = (await matchRebuttals(env.deps, textOf(e), { limit: 3 })).map((m) => m.rebuttalId);
    const pos = ids.indexOf(env.idByExternal.get(e.claimId)!);
    if (pos === 0) r1++;
    if (pos >= 0 && pos < 3) r3++;
  }
  return { r1: r1 / set.length, r3: r3 / set.length };
}

async function cards(env: Awaited<ReturnType<typeof libraryEnvironment>>, n: number) {
  const app = createApp(env.deps);
  const slugs = (
    await env.deps.sql<{ slug: string }[]>`select slug from rebuttals order by slug limit ${n + 1}`
  ).map((r) => r.slug);
  const cpu: number[] = [];
  const time = async (slug: string) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const res = await app.request(`/r/${encodeURIComponent(slug)}/card.png`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`card ${slug}: ${res.status}`);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    return performance.now() - t0;
  };
  const first = await time(slugs[0]!);
  const fresh = [];
  for (const s of slugs.slice(1)) fresh.push(await time(s));
  const freshCpu = cpu.slice(1);
  const cached = [];
  for (const s of slugs.slice(1)) cached.push(await time(s));
  const cachedCpu = cpu.slice(1 + fresh.length);
  console.log(
    `cards      first in process ${Math.round(first)} ms (font parsing)  ` +
      `new p50 ${Math.round(quantile(fresh, 0.5))} ms p99 ${Math.round(quantile(fresh, 0.99))} ms  ` +
      `cached p50 ${quantile(cached, 0.5).toFixed(1)} ms p99 ${quantile(cached, 0.99).toFixed(1)} ms  ` +
      `(targets: new ≤ 500 ms, cached ≤ 20 ms)\n` +
      `           cpu of this process: new p50 ${Math.round(quantile(freshCpu, 0.5))} ms, cached p50 ${quantile(cachedCpu, 0.5).toFixed(1)} ms`,
  );
}

const all = await loadSet();
const mine = all.slice(0, arg("limit", all.length));
const every = (n: number) =>
  all.filter((_, i) => i % Math.max(1, Math.floor(all.length / n)) === 0).slice(0, n);
console.log(
  `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
const chorus = await readSet("chorus", mine);
const baseN = arg("baseline", 40);
const tessN = arg("tesseract", 40);
const baseline = baseN > 0 ? await readSet("gutenye", every(baseN)) : undefined;
const tesseract = tessN > 0 ? await readSet("tesseract", every(tessN)) : undefined;

console.log("\nOCR        (accuracy = 1 − CER on the claim text; wall = this loaded machine)");
const mineStats = printEngine(chorus, mine);
const subsetOf = (r: EngineRun) => all.filter((e) => r.results.some((x) => x.file === e.file));
if (baseline) {
  const b = printEngine(baseline, subsetOf(baseline));
  const same = chorus.results.filter((x) => baseline.results.some((y) => y.file === x.file));
  const p50 = quantile(
    same.map((x) => x.ms),
    0.5,
  );
  const cpu50 = quantile(
    same.map((x) => x.cpuMs),
    0.5,
  );
  console.log(
    `  chorus ÷ gutenye on the same ${same.length} images: wall p50 ${f3(p50 / b.p50)}, cpu p50 ${f3(cpu50 / b.cpu50)}`,
  );
}
if (tesseract) printEngine(tesseract, subsetOf(tesseract));
console.log(
  `  chorus load average now ${os.loadavg()[0]!.toFixed(2)}; cpu p50 ${Math.round(mineStats.cpu50)} ms`,
);

const { dxy, cofacts } = loadSharedData();
const env = await libraryEnvironment([...dxy, ...cofacts]);
try {
  const ocrText = new Map(chorus.results.map((x) => [x.file, x.text]));
  const typed = await recall(env, mine, (e) => e.text);
  const shot = await recall(env, mine, (e) => ocrText.get(e.file) ?? "");
  console.log(`\nmatching   n ${mine.length}   R@1    R@3`);
  console.log(`  typed             ${f3(typed.r1)}  ${f3(typed.r3)}`);
  console.log(
    `  screenshot (OCR)  ${f3(shot.r1)}  ${f3(shot.r3)}   ΔR@3 ${f3(shot.r3 - typed.r3)} (target ≥ −0.05)`,
  );
  if (tesseract) {
    const t = new Map(tesseract.results.map((x) => [x.file, x.text]));
    const sub = subsetOf(tesseract);
    const ty = await recall(env, sub, (e) => e.text);
    const ch = await recall(env, sub, (e) => ocrText.get(e.file) ?? "");
    const te = await recall(env, sub, (e) => t.get(e.file) ?? "");
    console.log(
      `  on the tesseract subset (n ${sub.length}): typed R@3 ${f3(ty.r3)}, chorus ${f3(ch.r3)}, tesseract ${f3(te.r3)}`,
    );
  }
  console.log("");
  await cards(env, arg("cards", 20));
} finally {
  await env.close();
}
console.log(
  `load average at the end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
