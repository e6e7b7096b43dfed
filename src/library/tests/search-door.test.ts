import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { createDb } from "../../db/client.ts";
import type { Deps } from "../../deps.ts";
import { closeEffects } from "../../effect/counter.ts";
import { createApp } from "../../http/app.ts";
import { REBUTTAL_INDEX } from "../meili/rebuttal-index.ts";
import { createSearch } from "../search.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.search.ensureIndex();
});
afterAll(() => ctx.close());

async function searchIds(q: string, deps: Deps = ctx.deps) {
  const res = await createApp(deps).request(`/api/v1/rebuttals?q=${encodeURIComponent(q)}`);
  const body = (await res.json()) as { hits: { id: string }[]; degraded: boolean };
  return { status: res.status, ids: body.hits.map((h) => h.id), degraded: body.degraded };
}

const inMeili = async (id: string) => {
  const index = ctx.deps.search.client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX));
  return index.getDocument(id).then(
    () => true,
    () => false,
  );
};

/** The same database and Meilisearch seen through a door of its own, as another node has. */
function otherNode(url?: string): Deps {
  const sql = createDb(ctx.databaseUrl, { max: 2 });
  return {
    ...ctx.deps,
    sql,
    search: createSearch({
      sql,
      log: ctx.deps.log,
      url: url ?? ctx.deps.config.meiliUrl,
      key: ctx.deps.config.meiliKey,
      prefix: ctx.indexPrefix,
    }),
  };
}

describe("the search door indexes one change at a time", () => {
  it("finds a publication, then its new text after an update, and not after a retraction", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "喝生姜红糖水能预防登革热？" });
    await ctx.deps.search.index([id]);
    expect(await inMeili(id)).toBe(true);
    expect((await searchIds("生姜红糖水能防登革热吗")).ids[0]).toBe(id);

    await ctx.sql`update rebuttals set claim = '椰子油涂皮肤能防蚊子叮咬？',
      title = '椰子油涂皮肤能防蚊子叮咬？', summary = '椰子油防不了蚊子。' where id = ${id}`;
    await ctx.deps.search.index([id]);
    expect((await searchIds("椰子油能防蚊子吗")).ids[0]).toBe(id);
    expect((await searchIds("生姜红糖水")).ids).not.toContain(id);

    await ctx.sql`update rebuttals set status = 'retracted', retracted_at = now() where id = ${id}`;
    await ctx.deps.search.index([id]);
    expect(await inMeili(id)).toBe(false);
    expect((await searchIds("椰子油能防蚊子吗")).ids).not.toContain(id);
  });

  it("drops a deleted rebuttal from Meilisearch and from the Postgres rows", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "海口的自来水里检出了新冠病毒？" });
    await ctx.deps.search.index([id]);
    expect(await inMeili(id)).toBe(true);
    await ctx.sql`delete from rebuttals where id = ${id}`;
    await ctx.deps.search.index([id]);
    expect(await inMeili(id)).toBe(false);
    const [rows] = await ctx.sql`select count(*)::int as n from rebuttal_search
      where rebuttal_id = ${id}`;
    expect(rows!.n).toBe(0);
    expect((await searchIds("自来水里有新冠病毒吗")).ids).not.toContain(id);
  });

  it("shows another node a publication without a restart", async () => {
    const other = otherNode();
    try {
      expect((await searchIds("三亚海滩出现会咬人的发光水母", other)).ids).toEqual([]);
      const { id } = await createRebuttal(ctx.sql, { claim: "三亚海滩出现会咬人的发光水母？" });
      await ctx.deps.search.index([id]);
      await expect
        .poll(async () => (await searchIds("三亚海滩出现会咬人的发光水母", other)).ids[0], WAIT)
        .toBe(id);
    } finally {
      await closeEffects(other);
      await other.sql.end({ timeout: 1 });
    }
  });
});

describe("search without a copy of the library", () => {
  it("finds a rebuttal written straight into Postgres, with no index step and Meilisearch down", async () => {
    const down = otherNode("http://127.0.0.1:9");
    try {
      const { id } = await createRebuttal(ctx.sql, { claim: "文昌火箭发射会引发台风吗？" });
      const found = await searchIds("火箭发射会引发台风吗", down);
      expect(found).toMatchObject({ status: 200, degraded: true });
      expect(found.ids[0]).toBe(id);
      const [best] = await down.search.match("听说文昌火箭发射会引发台风，是真的吗");
      expect(best?.rebuttalId).toBe(id);
    } finally {
      await closeEffects(down);
      await down.sql.end({ timeout: 1 });
    }
  });

  it("answers from Postgres alone, degraded, when Meilisearch is unreachable", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "儋州的荔枝打了催熟剂会致癌？" });
    await ctx.deps.search.index([id]);
    const down = otherNode("http://127.0.0.1:9");
    try {
      expect(await down.search.available()).toBe(false);
      const found = await searchIds("荔枝打催熟剂会致癌吗", down);
      expect(found).toMatchObject({ status: 200, degraded: true });
      expect(found.ids[0]).toBe(id);
    } finally {
      await closeEffects(down);
      await down.sql.end({ timeout: 1 });
    }
  });
});

describe("search and reports with bad input", () => {
  it("refuses NUL bytes and lone surrogates in a query at the API, and the door strips them", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "万宁的槟榔嚼了能防中暑？" });
    await ctx.deps.search.index([id]);
    const direct = await ctx.deps.search.search({ q: "槟榔\u0000能防中暑吗\uD800" });
    expect(direct.hits[0]?.id).toBe(id);
    const nul = `${encodeURIComponent("槟榔")}%00${encodeURIComponent("能防中暑吗")}`;
    const refused = await createApp(ctx.deps).request(`/api/v1/rebuttals?q=${nul}`);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    // A surrogate's UTF-8 bytes in a URL decode to U+FFFD, which is plain text: answered.
    const lone = `${encodeURIComponent("槟榔能防中暑吗")}%ED%A0%80`;
    expect((await createApp(ctx.deps).request(`/api/v1/rebuttals?q=${lone}`)).status).toBe(200);
  });

  it("refuses a report with a NUL byte or a lone surrogate with 400 problem+json, not 500", async () => {
    for (const text of ["听说槟榔\u0000能防中暑", "听说槟榔\uD800能防中暑"]) {
      const res = await createApp(ctx.deps).request("/api/v1/reports", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("answers a 10,000-character pasted message with the rebuttal it contains", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "琼海的温泉水能治好糖尿病？" });
    await ctx.deps.search.index([id]);
    const paste = `${"转发给家人朋友！".repeat(600)}琼海的温泉水能治好糖尿病${"注意身体".repeat(1200)}`;
    const found = await searchIds(paste.slice(0, 10_000));
    expect(found.status).toBe(200);
    expect(found.ids[0]).toBe(id);
  });
});
