import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createDb, createSearchDb, type Db } from "../../db/client.ts";
import { createSearch } from "../search.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  const ids = [];
  for (const claim of ["吃大蒜能预防新冠？", "熏醋能杀死病毒？", "板蓝根能预防流感？"])
    ids.push((await createRebuttal(ctx.sql, { claim })).id);
  await ctx.deps.search.index(ids);
});
afterAll(() => ctx.close());

const questions = ["吃大蒜能防新冠吗", "熏醋杀病毒", "板兰根预防流感", "大蒜", "醋能消毒吗"];

/**
 * How one session (a pool of one connection) planned the candidate statement after the door
 * searched through it eight times: plans cached once, and plans made afresh.
 */
async function plansAfterSearches(sql: Db) {
  const door = createSearch({ sql, log: ctx.deps.log, prefix: ctx.indexPrefix, cacheMs: 0 });
  try {
    for (let i = 0; i < 8; i++) await door.rank(questions[i % questions.length]!, {});
    // Summed: postgres.js prepares the statement again for other parameter types (an empty array).
    const [row] = await sql<{ genericPlans: number; customPlans: number }[]>`
      select coalesce(sum(generic_plans), 0)::int as generic_plans,
        coalesce(sum(custom_plans), 0)::int as custom_plans
      from pg_prepared_statements where statement like '%with d as materialized%'
        and statement not like '%pg_prepared_statements%'`;
    return row!;
  } finally {
    await door.close();
    await sql.end({ timeout: 5 });
  }
}

describe("the search door's Postgres sessions", () => {
  it("plan the candidate statement once and reuse that plan for every search", async () => {
    const plans = await plansAfterSearches(createSearchDb(ctx.databaseUrl, 1));
    expect(plans.customPlans).toBe(0);
    expect(plans.genericPlans).toBeGreaterThanOrEqual(8);
  });

  it("are the ones the app's search door searches through", async () => {
    await ctx.deps.search.rank("吃大蒜能防新冠吗", {});
    const [row] = await ctx.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and application_name = 'chorus-search'`;
    expect(row!.n).toBeGreaterThan(0);
  });

  it("differ from the app's own pool, where Postgres plans each of the first searches afresh", async () => {
    const plans = await plansAfterSearches(createDb(ctx.databaseUrl, { max: 1 }));
    expect(plans.customPlans).toBeGreaterThanOrEqual(5);
  });
});
