import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { settledSince } from "../../../tests/support/table-stats.ts";
import { importRebuttals } from "../import-rebuttals.ts";

// A database of its own: no rebuttal here is left pending by another test.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("an import leaves the library as search reads it", () => {
  it("writes no pending marks, so none is left dead for every search to scan", async () => {
    const lines = Array.from({ length: 600 }, (_, i) =>
      JSON.stringify({
        externalId: `settle-${i}`,
        claim: `网传第${i}号偏方能预防登革热？`,
        verdict: "false",
        summary: "偏方不能预防登革热，防蚊灭蚊才是关键。",
        body: `第${i}号偏方没有证据。登革热由伊蚊传播。`,
      }),
    );
    const summary = await importRebuttals(ctx.deps, lines, { batchSize: 200 });
    expect(summary.added).toBe(600);
    // Each batch derives what it writes, so it marks nothing pending (ADR 0320): no mark was
    // written and deleted again, and the table, never vacuumed here, holds no page at all.
    const [{ live, pages }] = (await ctx.sql`
      select count(*)::int as live,
        (pg_relation_size('rebuttal_search_pending') / current_setting('block_size')::int)::int as pages
      from rebuttal_search_pending`) as unknown as [{ live: number; pages: number }];
    expect({ live, pages }).toEqual({ live: 0, pages: 0 });
  });

  it("vacuums and analyses every table a large import wrote, leaving autovacuum nothing to do under the first load", async () => {
    // Which tables the import writes is read from their row counts, not listed here.
    const rowCounts = async () => {
      const tables = await ctx.sql<{ name: string }[]>`
        select tablename as name from pg_tables where schemaname = 'public' order by 1`;
      const counts = await Promise.all(
        tables.map(async ({ name }) => {
          const [{ n }] =
            (await ctx.sql`select count(*)::int as n from ${ctx.sql(name)}`) as unknown as [
              { n: number },
            ];
          return [name, n] as const;
        }),
      );
      return new Map(counts);
    };
    const lines = Array.from({ length: 1000 }, (_, i) =>
      JSON.stringify({
        externalId: `settle-large-${i}`,
        claim: `网传第${i}号草药茶能治好基孔肯雅热？`,
        verdict: "false",
        summary: "草药茶不能治好基孔肯雅热。",
        body: `第${i}号草药茶没有证据。基孔肯雅热由伊蚊传播。`,
      }),
    );
    const before = await rowCounts();
    const [{ since }] = await ctx.sql<[{ since: Date }]>`select now() as since`;
    expect((await importRebuttals(ctx.deps, lines, { batchSize: 500 })).added).toBe(1000);
    const after = await rowCounts();
    const written = [...after]
      .filter(([name, n]) => n > (before.get(name) ?? 0))
      .map(([name]) => name);
    expect(written).toContain("rebuttals");
    expect(await settledSince(ctx.sql, since, written)).toEqual(
      written.map((relname) => ({ relname, vacuumed: true, analysed: true })),
    );
  });
});
