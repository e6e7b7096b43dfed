import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import type { Deps } from "../../deps.ts";
import { deriveRebuttalSearch } from "../../library/derive.ts";
import { type RunningServer, startServer } from "../../server.ts";
import { closeEffects, effectCounter, flushEffects } from "../counter.ts";

const READER =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44";
const CLAIM = "台风天开窗能平衡室内外气压，防止玻璃被压碎";

const HOUR = 3_600_000;

let ctx: TestContext;
/** The server's Deps with a clock of the test's own: counts land in the hour the test says. */
let deps: Deps;
let clock: Date;
let server: RunningServer;
let base: string;
let rebuttal: { id: string; slug: string };
let drill: { id: string; slug: string };

beforeAll(async () => {
  ctx = await createTestContext();
  clock = new Date(); // frozen: the wall clock passing an hour mid-file moves nothing
  deps = { ...ctx.deps, now: () => clock };
  rebuttal = await createRebuttal(ctx.sql, {
    claim: CLAIM,
    title: "台风天应关紧门窗，开窗不能平衡气压",
  });
  await deriveRebuttalSearch(ctx.sql, rebuttal.id);
  await ctx.deps.search.index([rebuttal.id]);
  drill = await createRebuttal(ctx.sql, { claim: "演练用说法：停水三天", drill: true });
  server = await startServer(deps, { port: 0, host: "127.0.0.1" });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server?.close();
  await closeEffects(deps);
  await ctx.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { "user-agent": READER, ...headers } });

const hourly = async (id: string) =>
  (
    await ctx.sql<{ views: number; searchHits: number; searchClicks: number }[]>`
    select coalesce(sum(views), 0)::int as views, coalesce(sum(search_hits), 0)::int as search_hits,
           coalesce(sum(search_clicks), 0)::int as search_clicks
    from rebuttal_hourly where rebuttal_id = ${id}`
  )[0]!;

describe("the view counter on the public rebuttal page", () => {
  it("stores readers' views in the hourly table after the flush, but not bots' or staff previews", async () => {
    const staff = await signedInUser(ctx.sql, ["coordinator"]);
    const statuses = [
      (await get(`/r/${rebuttal.slug}`)).status,
      (await get(`/r/${rebuttal.slug}?from=search`)).status,
      (await get(`/r/${rebuttal.id}`)).status,
      (
        await get(`/r/${rebuttal.slug}`, {
          "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1)",
        })
      ).status,
      (await get(`/r/${rebuttal.slug}`, { "user-agent": "" })).status,
      (await get(`/r/${rebuttal.slug}`, staff.auth)).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    await flushEffects(deps);
    expect(await hourly(rebuttal.id)).toEqual({ views: 3, searchHits: 0, searchClicks: 1 });
    const [row] = await ctx.sql<{ hour: Date }[]>`
      select hour from rebuttal_hourly where rebuttal_id = ${rebuttal.id}`;
    expect(row!.hour).toEqual(new Date(Math.floor(clock.getTime() / HOUR) * HOUR));
  });

  it("adds a later flush's views to the same hour instead of replacing them", async () => {
    const before = (await hourly(rebuttal.id)).views;
    await get(`/r/${rebuttal.slug}`);
    await get(`/r/${rebuttal.slug}`);
    await flushEffects(deps);
    expect((await hourly(rebuttal.id)).views).toBe(before + 2);
    expect(
      (await ctx.sql`select 1 from rebuttal_hourly where rebuttal_id = ${rebuttal.id}`).length,
    ).toBe(1);
  });

  it("counts a view after the hour turns in a row of the next hour", async () => {
    const hours = async () =>
      (
        await ctx.sql<{ hour: Date; views: number }[]>`
        select hour, views from rebuttal_hourly where rebuttal_id = ${rebuttal.id} order by hour`
      ).map((r) => [r.hour.getTime(), r.views]);
    const before = await hours();
    const [[thisHour, views]] = before as [[number, number]];
    clock = new Date(thisHour + HOUR + 60_000);
    await get(`/r/${rebuttal.slug}`);
    await flushEffects(deps);
    expect(await hours()).toEqual([
      [thisHour, views],
      [thisHour + HOUR, 1],
    ]);
  });

  it("never counts a drill rebuttal, whether by page (404) or by a direct count", async () => {
    expect((await get(`/r/${drill.slug}`)).status).toBe(404);
    effectCounter(deps).add("views", drill.slug, deps.now());
    effectCounter(deps).add("searchHits", drill.id, deps.now());
    await flushEffects(deps);
    expect(await hourly(drill.id)).toEqual({ views: 0, searchHits: 0, searchClicks: 0 });
  });

  it("counts a search whose confident first hit is the rebuttal, and a miss by its folded query", async () => {
    const answer = await (await get(`/api/v1/rebuttals?q=${encodeURIComponent(CLAIM)}`)).json();
    expect(answer.confident).toBe(true);
    expect(answer.hits[0].id).toBe(rebuttal.id);
    const miss = await (
      await get(`/api/v1/rebuttals?q=${encodeURIComponent("喝醋能治流感吗")}`)
    ).json();
    expect(miss.confident).toBe(false);
    await get(`/api/v1/rebuttals?q=${encodeURIComponent("喝醋能治流感吗")}&offset=10`);
    await flushEffects(deps);
    expect((await hourly(rebuttal.id)).searchHits).toBe(1);
    const misses = await ctx.sql<{ queryNorm: string; count: number }[]>`
      select query_norm, count from search_miss_hourly`;
    expect(misses).toHaveLength(1);
    expect(misses[0]!.count).toBe(1);
    expect(misses[0]!.queryNorm).toContain("喝醋");
  });
});
