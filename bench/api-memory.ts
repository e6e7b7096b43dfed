/**
 * `npm run bench:api-memory`: the API process's memory under the benchmark's load, for each way
 * of starting it. Imports `MEMORY_SIZE` generated rebuttals (default 20,000; memory does not grow
 * with the library), then for each start command starts the API role alone, waits for
 * /healthz, and runs 10 concurrent public searches (answer cache off) and 10 concurrent report
 * intakes at once for `MEMORY_DURATION` s (default 15). Prints RSS at rest and at peak, and
 * search and intake latency, so a memory setting is judged with its cost in speed. Builds dist/
 * first (`npm run build`); the API node is started as the image runs it (infra/Dockerfile's
 * entry, compose's API command and `NODE_OPTIONS`), and the same from the sources under tsx.
 */
import { execFileSync, spawn } from "node:child_process";
import os from "node:os";
import autocannon from "autocannon";
import { freePort } from "../infra/embedded/process.ts";
import {
  argvOf,
  fromSource,
  imageStart,
  type StartCommand,
  shellLineOf,
} from "../infra/start-command.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { breakdown, breakdownHeader, heapOf, METRICS_TOKEN, rssMb } from "./api-heap.ts";
import { generate, sentences } from "./generate-library.ts";
import {
  appEnv,
  exited,
  libraryServices,
  loadQueries,
  loadSharedData,
  processCpuMs,
  reportRequest,
  searchRequest,
  untilHealthy,
} from "./library-env.ts";

const SIZE = Number(process.env.MEMORY_SIZE ?? 20_000);
const DURATION_S = Number(process.env.MEMORY_DURATION ?? 15);
const CONNECTIONS = 10;

/** Start commands compared: the image's API node (ADR 0220), from the sources, without heap flags. */
const image = imageStart("api-1");
const bare = (c: StartCommand): StartCommand => ({
  ...c,
  nodeFlags: c.nodeFlags.filter((f) => !f.startsWith("--max-")),
});
const VARIANTS: Record<string, StartCommand> = {
  image: image,
  tsx: fromSource(image),
  "image, no heap flags": bare(image),
  "tsx, no heap flags": bare(fromSource(image)),
};

// `MEMORY_TRY="--max-old-space-size=200 --x=1;MALLOC_ARENA_MAX=2"`: more sets to try, with the
// image and tsx. Flags are added to the image's (heap flags in a set replace its heap flags);
// NAME=value words are environment variables of the API process.
for (const set of process.env.MEMORY_TRY?.split(";") ?? []) {
  const words = set.split(/\s+/).filter(Boolean);
  const flags = words.filter((w) => w.startsWith("-"));
  const env = Object.fromEntries(
    words
      .filter((w) => /^[A-Z_]+=/.test(w))
      .map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]),
  );
  const base = flags.some((f) => f.startsWith("--max-")) ? bare(image) : image;
  VARIANTS[`image ${set}`] = {
    ...base,
    nodeFlags: [...base.nodeFlags, ...flags],
    env: { ...base.env, ...env },
  };
  VARIANTS[`tsx ${set}`] = fromSource(VARIANTS[`image ${set}`]!);
}

const { dxy, cofacts } = loadSharedData();
const queries = loadQueries({ dxy, cofacts });
const only = process.env.MEMORY_VARIANTS?.split(",");
const env = await libraryServices();
try {
  const pool = sentences([...dxy, ...cofacts]);
  for (let i = 0; i < SIZE; i += 5000) {
    await importRebuttals(env.deps, generate(pool, i, Math.min(SIZE, i + 5000)));
  }
  const rows: string[] = [];
  const heaps: string[] = [];
  const chosen = Object.entries(VARIANTS).filter(([name]) => !only || only.includes(name));
  if (chosen.some(([, c]) => c.entry.startsWith("dist/"))) {
    execFileSync(process.execPath, ["--import", "tsx", "infra/build.ts"], { stdio: "inherit" });
  }
  for (const [name, command] of chosen) {
    const args = argvOf(command);
    const port = await freePort();
    const api = spawn(process.execPath, args, {
      env: {
        ...process.env,
        ...command.env,
        ...appEnv(env),
        NODE_OPTIONS: "",
        PORT: String(port),
        HOST: "127.0.0.1",
        METRICS_TOKEN,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await untilHealthy(base, name);
      // One of each first, so "at rest" includes what the first request loads.
      await fetch(`${base}/api/v1/rebuttals?q=${encodeURIComponent(queries[0]!)}`);
      await new Promise((r) => setTimeout(r, 1000));
      const rest = rssMb(api.pid!);
      const restHeap = await heapOf(base);
      let peak = rest;
      let peakHeap = restHeap;
      let sampling = false;
      const cpu0 = processCpuMs(api.pid!, { children: false });
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(api.pid!))), 100);
      // What the process's memory is made of when it is largest (a sample every 0.5 s).
      const heapSampler = setInterval(() => {
        if (sampling) return;
        sampling = true;
        heapOf(base)
          .then((m) => {
            if (m.rss! > peakHeap.rss!) peakHeap = m;
          })
          .catch(() => {})
          .finally(() => (sampling = false));
      }, 500);
      let i = 0;
      let j = 0;
      const [search, intake] = await Promise.all([
        autocannon({
          url: base,
          connections: CONNECTIONS,
          duration: DURATION_S,
          requests: [
            {
              setupRequest: (req) => ({ ...req, ...searchRequest(queries, i++) }),
            },
          ],
        }),
        autocannon({
          url: base,
          connections: CONNECTIONS,
          duration: DURATION_S,
          requests: [
            {
              setupRequest: (req) => ({ ...req, ...reportRequest(queries, j++) }),
            },
          ],
        }),
      ]);
      clearInterval(sampler);
      clearInterval(heapSampler);
      heaps.push(`| ${name} | at rest | ${breakdown(restHeap)} |`);
      heaps.push(`| ${name} | largest sample | ${breakdown(peakHeap)} |`);
      const end = rssMb(api.pid!);
      const served = search.requests.total + intake.requests.total;
      const cpuPerRequest =
        (processCpuMs(api.pid!, { children: false }) - cpu0) / Math.max(1, served);
      const row = `| ${name} | \`${shellLineOf(command)}\` | ${rest.toFixed(0)} MB | ${peak.toFixed(0)} MB | ${end.toFixed(0)} MB | ${search.latency.p50} / ${search.latency.p99} ms (${search.requests.average.toFixed(0)}/s, ${search.errors + search.non2xx} err) | ${intake.latency.p50} / ${intake.latency.p99} ms (${intake.requests.average.toFixed(0)}/s, ${intake.errors + intake.non2xx} err) | ${cpuPerRequest.toFixed(1)} ms | ${os.loadavg()[0]!.toFixed(1)} |`;
      console.log(row);
      rows.push(row);
    } finally {
      api.kill("SIGTERM");
      await exited(api);
    }
  }
  console.log(`\n${SIZE} rebuttals, ${DURATION_S} s, ${CONNECTIONS} + ${CONNECTIONS} connections`);
  console.log(
    "| start | command | RSS at rest | peak RSS | RSS after | search p50 / p99 | intake p50 / p99 | API CPU per request | load (1 min) |",
  );
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
  console.log("\nMemory of the API process (MB; its own figures, sampled every 0.5 s):");
  console.log(`| start | when | ${breakdownHeader} |`);
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const h of heaps) console.log(h);
} finally {
  await env.close();
}
