import crypto from "node:crypto";
import type { Sql } from "../../src/db/client.ts";
import { createCaseRow, createReportRow } from "./cases-factories.ts";
import { createRebuttal } from "./library-factories.ts";

export const HOUR = 3_600_000;

/** The start of the hour `d` falls in. */
export const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);

/** `n` reports at one moment: in the case, or answered at once by a rebuttal. */
export async function reportsAt(
  sql: Sql,
  at: Date,
  n: number,
  to: { caseId: string } | { rebuttalId: string },
) {
  for (let i = 0; i < n; i++) {
    await createReportRow(
      sql,
      "caseId" in to
        ? { caseId: to.caseId, outcome: "attached", createdAt: at }
        : { rebuttalId: to.rebuttalId, outcome: "matched", createdAt: at },
    );
  }
}

/** Adds to a rebuttal's hourly counters, as the view counter's flush would. */
export async function countedHour(
  sql: Sql,
  rebuttalId: string,
  hour: Date,
  c: Partial<{ views: number; searchHits: number; searchClicks: number }>,
) {
  await sql`
    insert into rebuttal_hourly (rebuttal_id, hour, views, search_hits, search_clicks)
    values (${rebuttalId}, ${floorHour(hour)}, ${c.views ?? 0}, ${c.searchHits ?? 0},
            ${c.searchClicks ?? 0})
    on conflict (rebuttal_id, hour) do update set views = rebuttal_hourly.views + excluded.views,
      search_hits = rebuttal_hourly.search_hits + excluded.search_hits,
      search_clicks = rebuttal_hourly.search_clicks + excluded.search_clicks`;
}

/** A missed public search counted `count` times in the hour of `at`. */
export async function missedSearch(sql: Sql, queryNorm: string, at: Date, count: number) {
  await sql`
    insert into search_miss_hourly (query_norm, hour, count) values (${queryNorm}, ${floorHour(at)}, ${count})
    on conflict (query_norm, hour) do update set count = search_miss_hourly.count + excluded.count`;
}

/** Helpful-vote answers at a moment, from distinct visitors. */
export async function votesAt(sql: Sql, rebuttalId: string, at: Date, yes: number, no: number) {
  for (const helpful of [...Array(yes).fill(true), ...Array(no).fill(false)]) {
    await sql`
      insert into helpful_votes (rebuttal_id, voter_hash, day, helpful, created_at)
      values (${rebuttalId}, ${crypto.randomBytes(32).toString("hex")},
              ${at.toISOString().slice(0, 10)}, ${helpful}, ${at})`;
  }
}

/** A published case with its rebuttal (first published at `publishedAt`). */
export async function publishedCase(
  sql: Sql,
  c: { title: string; claim: string; answer: string; publishedAt: Date; drill?: boolean },
) {
  const theCase = await createCaseRow(sql, {
    title: c.title,
    status: "published",
    origin: "report",
    drill: c.drill ?? false,
    createdAt: new Date(c.publishedAt.getTime() - 60 * HOUR),
    publishedAt: c.publishedAt,
  });
  const rebuttal = await createRebuttal(sql, {
    claim: c.claim,
    title: c.answer,
    drill: c.drill ?? false,
    publishedAt: c.publishedAt,
  });
  await sql`update rebuttals set case_id = ${theCase.id} where id = ${rebuttal.id}`;
  return { caseId: theCase.id, rebuttal };
}
