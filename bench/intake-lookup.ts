/**
 * `npx tsx bench/intake-lookup.ts`: what intake gains and loses by narrowing Postgres's lookups
 * to `BEST_ONLY` (ADR 0324). Builds the 296 shared documents plus `SCALE_SIZE` (default 20,000)
 * generated rebuttals with claims from body sentences (bench:relevance-scale's "fair" library:
 * the labelled document is the one right answer), then matches every labelled repeat and every
 * new rumour as intake does (Postgres's candidates alone) with the search door's `LIMITS` and with
 * `BEST_ONLY`, after one warm-up pass over every query both ways, turn about (the first way
 * alternating) for `ROUNDS` rounds (default 2), and prints per set how often intake would answer
 * at once, right and wrong, and the CPU ms per match of Node and Postgres. `HALF` is `report`
 * (held out, the default) or `tune`. Ties at a lookup's cut follow the random uuids
 * of each import, so two runs can differ by a query or two.
 */
import os from "node:os";
import { isSameRumour } from "../src/library/confidence.ts";
import { BEST_ONLY, LIMITS, type LookupLimits } from "../src/library/retrieve.ts";
import { createSearch } from "../src/library/search.ts";
import { importFairLibrary, intakeSets } from "./intake-labelled.ts";
import { libraryServices, processCpuMs, uncachedDoor } from "./library-env.ts";

const SIZE = Number(process.env.SCALE_SIZE ?? 20_000);
const HALF = process.env.HALF === "tune" ? "tune" : "report";
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const { items, repeats, fresh } = intakeSets(HALF);
const ways: [string, LookupLimits][] = [
  [`LIMITS ${LIMITS.doc}/${LIMITS.body}`, LIMITS],
  [`BEST_ONLY ${BEST_ONLY.doc}/${BEST_ONLY.body}`, BEST_ONLY],
];

const env = await libraryServices();
try {
  const { deps } = env;
  const { size, idOf } = await importFairLibrary(deps, items, SIZE);
  await deps.sql`vacuum analyze rebuttals`;
  const door = uncachedDoor(createSearch, { sql: env.searchSql, meili: env.meili });
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return [(user + system) / 1000, processCpuMs(env.pgPid)];
  };
  const best = async (q: string, lookup: LookupLimits) =>
    (await door.match(q, { limit: 5, meili: false, lookup }))[0];
  // Warm both ways once on every query: the first matches read the library from disk and fill
  // the plan caches.
  const all = [...repeats.flatMap(([, set]) => set.map((x) => x.q)), ...fresh];
  for (const [, lookup] of ways) for (const q of all) await best(q, lookup);

  console.log(
    `\n${size.toLocaleString("en")} rebuttals (fair library), ${HALF} halves, load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
  const answers = new Map<string, string[]>();
  const spent = new Map<string, string[]>();
  for (let round = 0; round < ROUNDS; round++) {
    // Turn about: the way that goes first alternates from round to round.
    for (const [way, lookup] of round % 2 ? [...ways].reverse() : ways) {
      const cells: string[] = [];
      const before = cpu();
      let right = 0;
      let wrong = 0;
      for (const [, set] of repeats) {
        let r = 0;
        let w = 0;
        for (const { q, expected } of set) {
          const b = await best(q, lookup);
          if (isSameRumour(b)) b!.rebuttalId === idOf.get(expected) ? r++ : w++;
        }
        cells.push(`${(r / set.length).toFixed(3)} / ${(w / set.length).toFixed(3)}`);
        right += r;
        wrong += w;
      }
      let answered = 0;
      for (const q of fresh) if (isSameRumour(await best(q, lookup))) answered++;
      const after = cpu();
      const n = repeats.reduce((sum, [, set]) => sum + set.length, 0) + fresh.length;
      cells.push(`${right} / ${wrong}`, (answered / fresh.length).toFixed(3));
      if (round === 0) answers.set(way, cells);
      const per = (i: number) => ((after[i]! - before[i]!) / n).toFixed(2);
      spent.set(way, [...(spent.get(way) ?? []), `${per(0)} / ${per(1)}`]);
    }
  }
  const head = [
    ...repeats.map(([name, set]) => `${name} (${set.length})`),
    "all right / wrong",
    `new rumours answered (${fresh.length})`,
  ];
  console.log(
    "repeats answered at once, right / wrong, and new rumours answered at once (first round)",
  );
  console.log(`| way | ${head.join(" | ")} |`);
  console.log(`| --- | ${head.map(() => "---").join(" | ")} |`);
  for (const [way, cells] of answers) console.log(`| ${way} | ${cells.join(" | ")} |`);
  console.log("\nCPU ms per match, Node / Postgres (each round)");
  for (const [way, rounds] of spent) console.log(`${way}: ${rounds.join("; ")}`);
} finally {
  await env.close();
}
