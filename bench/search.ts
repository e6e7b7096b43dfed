/**
 * `npm run bench:search`: drives the public search endpoint (`searchRebuttals`, full HTTP stack)
 * and raw Meilisearch with the same queries and concurrency in one run, and prints requests/s,
 * p50 and p99 for both and their ratio. The query mix repeats hot rumours (Zipf-like), as
 * real traffic does during an emergency.
 */
import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { freePort } from "../infra/embedded/process.ts";
import { libraryEnvironment, loadSharedData } from "./library-env.ts";
import { buildQuerySets } from "./relevance-queries.ts";

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** Queries weighted 1/rank: the first few are asked far more often than the tail. */
function queryMix(all: string[], size: number): string[] {
  const out: string[] = [];
  for (let rank = 1; out.length < size; rank++) {
    const q = all[(rank - 1) % all.length]!;
    for (let k = 0; k < Math.max(1, Math.round(40 / rank)); k++) out.push(q);
  }
  // Deterministic shuffle, so hot questions are spread over the run as they are in real traffic.
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function drive(
  name: string,
  url: string,
  make: (q: string, i: number) => autocannon.Request,
  queries: string[],
) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    requests: [{ setupRequest: (req) => ({ ...req, ...make(queries[i++ % queries.length]!, i) }) }],
  });
  const errors = result.errors + result.non2xx;
  console.log(
    `${name.padEnd(16)} ${result.requests.average.toFixed(0).padStart(7)} req/s  p50 ${String(result.latency.p50).padStart(4)} ms  p99 ${String(result.latency.p99).padStart(4)} ms  errors ${errors}`,
  );
  return result;
}

const { dxy, cofacts } = loadSharedData();
const env = await libraryEnvironment([...dxy, ...cofacts]);
// Chorus runs as it is deployed: `src/main.ts` in a process of its own (as Meilisearch has its
// own), so the load generator in this process does not share the server's event loop.
const port = await freePort();
const server = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"] : []),
    "--import",
    "tsx",
    "src/main.ts",
  ],
  {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: env.deps.databaseUrl,
      MEILI_URL: env.meili.url,
      MEILI_KEY: env.meili.key,
      DATA_DIR: env.deps.config.dataDir,
      LOG_LEVEL: "silent",
      TRUST_PROXY: "true",
      RUN_WORKERS: "false",
    },
    stdio: ["ignore", "ignore", "inherit"],
  },
);
for (let tries = 0; ; tries++) {
  const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (up) break;
  if (tries > 600) throw new Error("Chorus did not start within 60 s");
  await new Promise((r) => setTimeout(r, 100));
}
try {
  const client = env.deps.search.client!;
  await client.createIndex("raw_rebuttals", { primaryKey: "id" }).waitTask();
  const rows = await env.deps.sql<
    { id: string; claim: string; title: string; summary: string; body: string }[]
  >`
    select id, claim, title, summary, body_md as body from rebuttals`;
  await client.index("raw_rebuttals").addDocuments(rows).waitTask({ timeout: 120_000 });
  const sets = buildQuerySets(dxy, cofacts);
  const all = [...sets.short!, ...sets.typo!, ...sets.traditional!, ...sets["pasted-dxy"]!].map(
    (q) => q.q,
  );
  const queries = queryMix(all.slice(0, 300), 2000);
  console.log(
    `${queries.length} queries (${new Set(queries).size} distinct), ${CONNECTIONS} connections, ${DURATION_S} s each`,
  );
  const chorus = await drive(
    "chorus /api/v1",
    `http://127.0.0.1:${port}`,
    (q, i) => ({
      method: "GET",
      path: `/api/v1/rebuttals?q=${encodeURIComponent(q)}&limit=10`,
      // Many phones, not one: the per-address rate limit is not what this measures.
      headers: { "x-forwarded-for": `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    }),
    queries,
  );
  const raw = await drive(
    "raw meilisearch",
    env.meili.url,
    (q) => ({
      method: "POST",
      path: "/indexes/raw_rebuttals/search",
      headers: { "content-type": "application/json", authorization: `Bearer ${env.meili.key}` },
      body: JSON.stringify({ q, limit: 10 }),
    }),
    queries,
  );
  console.log(`ratio chorus/raw: ${(chorus.requests.average / raw.requests.average).toFixed(2)}`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  await env.close();
}
