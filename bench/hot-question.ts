/**
 * `npx tsx bench/hot-question.ts`: one question asked by a crowd of phones at once, as on the
 * morning a new rumour spreads — once a question the library answers confidently (the baseline),
 * once one it does not answer (every such search is a search miss, ADR 0315). Chorus runs as
 * shipped (its answer cache on, 1 s), on the shared data's library, `HOT_CONNECTIONS` clients
 * (default 50) for `HOT_DURATION` s (default 8) each, `HOT_ROUNDS` rounds (default 3) turn about, after a warm-up.
 * Prints requests/s and p50/p99 of each, the ratio unanswered / answered, and the count that
 * `search_misses` holds afterwards (every miss counted once).
 */
import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { freePort } from "../infra/embedded/process.ts";
import {
  appEnv,
  libraryEnvironment,
  loadSharedData,
  searchRequest,
  untilHealthy,
} from "./library-env.ts";

const CONNECTIONS = Number(process.env.HOT_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.HOT_DURATION ?? 8);
const ROUNDS = Number(process.env.HOT_ROUNDS ?? 3);

const { dxy, cofacts } = loadSharedData();
const env = await libraryEnvironment([...dxy, ...cofacts]);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const api = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  env: {
    ...process.env,
    ...appEnv(env),
    // As shipped: a hot question is answered from the cache; what it still costs is measured.
    SEARCH_CACHE_MS: "1000",
    PORT: String(port),
    HOST: "127.0.0.1",
    RUN_WORKERS: "false",
  },
  stdio: ["ignore", "ignore", "inherit"],
});
await untilHealthy(base, "Chorus");
const [answered] = await env.deps.sql<{ claim: string }[]>`
  select claim from rebuttals where claim is not null order by external_id limit 1`;
const questions = { answered: answered!.claim, unanswered: "听说海口的自来水里被人投放了新型病毒" };
const misses = async () =>
  (
    await env.deps.sql<{ n: number }[]>`select coalesce(sum(count), 0)::int as n from search_misses`
  )[0]!.n;
try {
  console.log(
    `${CONNECTIONS} clients, ${DURATION_S} s each, ${ROUNDS} rounds, answer cache on (1 s)`,
  );
  // Warm-up (not counted): the first seconds of a fresh process are its JIT's.
  await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: 3,
    requests: [{ setupRequest: (req) => ({ ...req, ...searchRequest([questions.answered], 0) }) }],
  });
  let asked = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const rps: Record<string, number> = {};
    for (const [name, q] of Object.entries(questions)) {
      let n = 0;
      const r = await autocannon({
        url: base,
        connections: CONNECTIONS,
        duration: DURATION_S,
        requests: [{ setupRequest: (req) => ({ ...req, ...searchRequest([q], n++) }) }],
      });
      if (name === "unanswered") asked += r.requests.total;
      rps[name] = r.requests.average;
      console.log(
        `round ${round} ${name.padEnd(10)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors + r.non2xx}`,
      );
    }
    console.log(
      `round ${round} unanswered / answered: ${(rps.unanswered! / rps.answered!).toFixed(2)}×`,
    );
  }
  // The API writes what it counted every few seconds, and at its shutdown.
  api.kill("SIGTERM");
  await new Promise((r) => api.once("exit", r));
  console.log(
    `search_misses counts ${await misses()} for ${asked} unanswered searches answered 2xx`,
  );
} finally {
  api.kill("SIGTERM");
  await env.close();
}
