import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { normalizeText } from "../../text/normalize.ts";
import { AnswerCache } from "../cache.ts";
import { Availability } from "../meili/availability.ts";
import { createMeili } from "../meili/client.ts";
import { MEILI_QUERY_CHARS } from "../meili/query-rebuttals.ts";
import { type LibraryEngines, retrieve } from "../retrieve.ts";
import { TermStats } from "../term-stats.ts";

let ctx: TestContext;
let e: LibraryEngines;
const ids: Record<string, string> = {};
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.search.ensureIndex();
  const meili = createMeili({
    url: ctx.deps.config.meiliUrl,
    key: ctx.deps.config.meiliKey,
    prefix: ctx.indexPrefix,
  });
  e = {
    sql: ctx.sql,
    log: ctx.deps.log,
    meili,
    availability: new Availability(async () => (await meili.health()) === "up"),
    termStats: new TermStats(),
    cache: new AnswerCache(0),
  };
  const rows = {
    banlangen: { claim: "喝板蓝根冲剂能预防新冠病毒？", bodyMd: "板蓝根不能预防新冠。" },
    ginger1: { claim: "每天吃三片生姜能防登革热？", bodyMd: "生姜防不了登革热，要防蚊。" },
    ginger2: { claim: "每天吃三片生姜能防登革热？", bodyMd: "登革热靠蚊子传播，生姜没用。" },
    ivermectin: { claim: "ivermectin 能治好流感？", bodyMd: "没有证据支持。" },
  };
  for (const [name, r] of Object.entries(rows)) ids[name] = (await createRebuttal(ctx.sql, r)).id;
  await ctx.deps.search.index(Object.values(ids));
});
afterAll(() => ctx.close());

const search = (q: string) => retrieve(e, normalizeText(q), {}, { meili: true });

describe("a search asks Meilisearch only when Postgres is not sure", () => {
  it("answers a question Postgres matches with a clear lead without asking Meilisearch", async () => {
    const found = await search("喝板蓝根冲剂能预防新冠病毒吗");
    expect(found.route).toBe("sure");
    expect(found.ranked[0]!.id).toBe(ids.banlangen);
    expect(found.meiliIds).toEqual([]);
  });

  it("asks Meilisearch when two rebuttals match alike, and ranks what both engines found", async () => {
    const found = await search("吃生姜能防登革热吗");
    expect(found.route).toBe("meili");
    expect(found.meiliIds).toEqual(expect.arrayContaining([ids.ginger1, ids.ginger2]));
    expect(found.ranked.slice(0, 2).map((r) => r.id)).toEqual(
      expect.arrayContaining([ids.ginger1, ids.ginger2]),
    );
  });

  it("looks up a long pasted message in Postgres alone, even when it is not sure", async () => {
    const pasted = `转发给家里人看看：听说每天吃三片生姜能防登革热，大家快去买生姜，今年蚊子特别多，${"一定要转给群里的老人。".repeat(3)}`;
    expect(normalizeText(pasted).length).toBeGreaterThan(MEILI_QUERY_CHARS);
    const found = await search(pasted);
    expect(found.route).toBe("pasted");
    expect(found.meiliIds).toEqual([]);
    expect(found.ranked.slice(0, 2).map((r) => r.id)).toEqual(
      expect.arrayContaining([ids.ginger1, ids.ginger2]),
    );
  });

  it("fetches by id and ranks a rebuttal only Meilisearch found (a misspelt word)", async () => {
    const found = await search("ivermectim");
    expect(found.route).toBe("by-id");
    expect(found.meiliIds).toContain(ids.ivermectin);
    expect(found.rows.has(ids.ivermectin!)).toBe(true);
  });

  it("looks up in Postgres alone when Meilisearch is not wanted, even when it is not sure", async () => {
    const found = await retrieve(e, normalizeText("吃生姜能防登革热吗"), {}, { meili: false });
    expect(found.route).toBe("postgres");
    expect(found.meiliIds).toEqual([]);
    expect(found.degraded).toBe(false);
    expect(found.ranked.slice(0, 2).map((r) => r.id)).toEqual(
      expect.arrayContaining([ids.ginger1, ids.ginger2]),
    );
  });

  it("does not find by Meilisearch alone what Postgres does not hold when Meilisearch is not wanted", async () => {
    const found = await retrieve(e, normalizeText("ivermectim"), {}, { meili: false });
    expect(found.route).toBe("postgres");
    expect(found.rows.has(ids.ivermectin!)).toBe(false);
  });

  it("asks no engine for a text with nothing to look up", async () => {
    const found = await search("？！");
    expect(found.route).toBe("postgres");
    expect(found.ranked).toEqual([]);
    expect(found.rows.size).toBe(0);
  });
});
