/**
 * `npx tsx bench/intake-reading.ts`: Postgres CPU of intake's open-case reading (`openCaseTexts`,
 * the largest Postgres statement of `bench:intake`), by kind of query. Seeds `INTAKE_OPEN_CASES`
 * (default 500) open cases as `bench:intake` does, then reads them for each of the benchmark's
 * 794 queries on one connection, `READING_ROUNDS` times (default 2), and prints the CPU ms of that
 * connection's backend per reading (from /proc, 10 ms ticks summed over the kind) and the texts
 * sent back. No library and no API process: the reading alone, to compare forms of its SQL.
 * `EXPLAIN=1` prints auto_explain's plan (rows, buffers, no timing) of each kind's first query.
 */
import postgres from "postgres";
import { openCaseTexts } from "../src/cases/db/open-case-texts.ts";
import { matchingSettings } from "../src/cases/settings.ts";
import { caseCandidates, fingerprint, queryHashes } from "../src/cases/similarity.ts";
import { normalizeText } from "../src/text/normalize.ts";
import { sentences } from "./generate-library.ts";
import { seedOpenCases } from "./intake-open-cases.ts";
import { libraryServices, loadSharedData, processCpuMs } from "./library-env.ts";
import { buildQuerySets } from "./relevance-queries.ts";

const EXPLAIN = Boolean(process.env.EXPLAIN);
const { dxy, cofacts } = loadSharedData();
const sets = buildQuerySets(dxy, cofacts);
const env = await libraryServices();
const s = matchingSettings();
try {
  await seedOpenCases(
    env.deps.sql,
    sentences([...dxy, ...cofacts]).claims,
    Number(process.env.INTAKE_OPEN_CASES ?? 500),
  );
  await env.deps.sql`analyze`;
  const one = postgres(env.deps.databaseUrl, {
    max: 1,
    transform: postgres.camel,
    onnotice: (n) =>
      EXPLAIN && console.log(String(n.message).replace(/Query Text:[\s\S]*?\n(?=\S+ +\()/, "")),
  });
  const [{ pid }] = (await one`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
  if (EXPLAIN) {
    await one`load 'auto_explain'`;
    await one`set auto_explain.log_min_duration = 0`;
    await one`set auto_explain.log_analyze = on`;
    await one`set auto_explain.log_timing = off`;
    await one`set auto_explain.log_buffers = on`;
    await one`set auto_explain.log_level = notice`;
    await one`set auto_explain.log_parameter_max_length = 0`;
  }
  const kinds = ["short", "typo", "traditional", "pasted-dxy", "pasted-cofacts"];
  for (let round = 0; round < Number(process.env.READING_ROUNDS ?? 2); round++)
    for (const kind of kinds) {
      const queries = sets[kind]!.map((q) => {
        const query = fingerprint(normalizeText(q.q.slice(0, 5000)), s);
        return { hashes: queryHashes(query, s), which: caseCandidates(query, s, s.attachCase) };
      });
      const read = EXPLAIN ? queries.slice(0, 1) : queries;
      const cpu0 = processCpuMs(pid);
      let texts = 0;
      for (const q of read)
        texts += (await openCaseTexts(one as never, q.hashes, q.which, s.attachCase)).texts.length;
      const ms = (processCpuMs(pid) - cpu0) / read.length;
      console.log(
        `${kind}: ${read.length} readings, Postgres ${ms.toFixed(2)} ms CPU and ${(texts / read.length).toFixed(0)} texts per reading`,
      );
    }
  await one.end();
} finally {
  await env.close();
}
