import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { flushEffects } from "../../effect/counter.ts";
import { createApp } from "../../http/app.ts";
import { createSearch } from "../search.ts";

let ctx: TestContext;
const ids: Record<string, string> = {};

async function get(path: string, deps = ctx.deps, headers: Record<string, string> = {}) {
  const res = await createApp(deps).request(path, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

beforeAll(async () => {
  ctx = await createTestContext();
  const rows: [string, string, string][] = [
    ["vinegar", "熏白醋能杀灭新型冠状病毒？", "food-safety"],
    ["fiveG", "5G 基站会传播新冠病毒？", "science-tech"],
    ["typhoon", "台风来临前在窗玻璃上贴米字胶带能防止玻璃破碎？", "weather"],
    ["quake", "地震前动物异常就一定会发生大地震？", "earthquake"],
  ];
  for (const [key, claim, category] of rows) {
    ids[key] = (await createRebuttal(ctx.sql, { claim, category, slug: `slug-${key}` })).id;
    await ctx.deps.search.index([ids[key]!]);
  }
  ids.drill = (
    await createRebuttal(ctx.sql, { claim: "熏白醋能杀灭病毒（演练）", drill: true })
  ).id;
  await ctx.deps.search.index([ids.drill!]);
});
afterAll(() => ctx.close());

describe("searchRebuttals", () => {
  it("finds a rebuttal asked in Traditional characters, with highlights and no degradation", async () => {
    const { status, body, headers } = await get(
      `/api/v1/rebuttals?q=${encodeURIComponent("熏白醋可以殺死新冠病毒嗎")}`,
    );
    expect(status).toBe(200);
    expect(body.degraded).toBe(false);
    expect(headers.get("x-chorus-search-degraded")).toBeNull();
    expect(body.hits[0].id).toBe(ids.vinegar);
    expect(body.hits[0].highlight.claim).toContain("<mark>熏白醋</mark>");
    expect(body.hits.map((h: { id: string }) => h.id)).not.toContain(ids.drill);
  });

  it("lists the latest rebuttals for a whitespace query, filtered by category", async () => {
    const { body } = await get("/api/v1/rebuttals?q=%20%E2%80%8B%20&category=weather");
    expect(body.total).toBe(1);
    expect(body.hits[0].id).toBe(ids.typhoon);
  });

  it("treats Meilisearch filter syntax in the query as text and refuses it in filters", async () => {
    const injected = await get(
      `/api/v1/rebuttals?q=${encodeURIComponent('台风" OR category = "earthquake')}`,
    );
    expect(injected.status).toBe(200);
    const bad = await get(
      `/api/v1/rebuttals?category=${encodeURIComponent('weather" OR verdict = "true')}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("validation_failed");
    expect(bad.body.errors[0].path).toContain("category");
  });

  it("caps the page size and answers a 5,000-character pasted message", async () => {
    expect((await get("/api/v1/rebuttals?limit=500")).status).toBe(400);
    const paste = `${"转发给家人朋友！".repeat(300)}地震前动物异常一定会有大地震${"注意安全".repeat(500)}`;
    const res = await createApp(ctx.deps).request(
      `/api/v1/rebuttals?q=${encodeURIComponent(paste.slice(0, 5000))}`,
    );
    const body = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(200);
    expect(body.hits[0].id).toBe(ids.quake);
  });

  it("answers from Postgres with degraded: true and a header when Meilisearch is down", async () => {
    const deps = {
      ...ctx.deps,
      search: createSearch({
        sql: ctx.sql,
        log: ctx.deps.log,
        url: "http://127.0.0.1:9",
        prefix: "dead_",
      }),
    };
    const { status, body, headers } = await get(
      `/api/v1/rebuttals?q=${encodeURIComponent("5G会传播病毒吗")}`,
      deps,
    );
    expect(status).toBe(200);
    expect(body.degraded).toBe(true);
    expect(headers.get("x-chorus-search-degraded")).toBe("1");
    expect(body.hits[0].id).toBe(ids.fiveG);
  });

  it("counts queries that find nothing and shows them to coordinators, busiest first", async () => {
    for (let i = 0; i < 3; i++)
      await get(`/api/v1/rebuttals?q=${encodeURIComponent("喝椰子水能治疗登革热")}`);
    await get(`/api/v1/rebuttals?q=${encodeURIComponent("海口明天停水")}`);
    await flushEffects(ctx.deps);
    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    const { status, body } = await get("/api/v1/search-misses", ctx.deps, coordinator.auth);
    expect(status).toBe(200);
    expect(body.misses[0]).toMatchObject({ queryNorm: "喝椰子水能治疗登革热", count: 3 });
    const expert = await signedInUser(ctx.sql, ["expert"]);
    expect((await get("/api/v1/search-misses", ctx.deps, expert.auth)).status).toBe(403);
  });
});

describe("searchRebuttals with odd input", () => {
  it("folds emoji, full-width digits and zero-width characters, and pages with offset", async () => {
    const q = "🔥🔥５Ｇ\u200b基站会传播病毒吗😱";
    const { status, body } = await get(`/api/v1/rebuttals?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(body.hits[0].id).toBe(ids.fiveG);
    const first = await get("/api/v1/rebuttals?limit=1&offset=0");
    const second = await get("/api/v1/rebuttals?limit=1&offset=1");
    expect(first.body.total).toBeGreaterThan(1);
    expect(second.body.hits[0].id).not.toBe(first.body.hits[0].id);
  });

  it("answers 404 for an unknown slug and 400 for an oversized id or a bad region", async () => {
    expect((await get("/api/v1/rebuttals/no-such-rebuttal")).status).toBe(404);
    expect((await get(`/api/v1/rebuttals/${"x".repeat(300)}`)).status).toBe(400);
    expect((await get("/api/v1/rebuttals?region=46")).status).toBe(400);
  });
});

describe("getRebuttal", () => {
  it("returns a rebuttal by slug and by id, shows a retraction, and hides drills", async () => {
    expect((await get("/api/v1/rebuttals/slug-quake")).body.id).toBe(ids.quake);
    await ctx.sql`update rebuttals set status = 'retracted', retracted_at = now(),
      retraction_reason = '证据更新' where id = ${ids.typhoon!}`;
    await ctx.deps.search.index([ids.typhoon!]);
    const retracted = await get(`/api/v1/rebuttals/${ids.typhoon}`);
    expect(retracted.body).toMatchObject({ status: "retracted", retractionReason: "证据更新" });
    const { body } = await get(`/api/v1/rebuttals?q=${encodeURIComponent("米字胶带防玻璃破碎")}`);
    expect(body.hits.map((h: { id: string }) => h.id)).not.toContain(ids.typhoon);
    expect((await get(`/api/v1/rebuttals/${ids.drill}`)).status).toBe(404);
  });
});
