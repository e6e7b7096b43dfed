import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { isSameRumour } from "../confidence.ts";
import { deriveRebuttalSearch } from "../derive.ts";
import { matchRebuttals } from "../match.ts";
import { createSearch } from "../search.ts";

let ctx: TestContext;
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  const rows = {
    saltwater: "盐水漱口能预防新型冠状病毒感染？",
    moxa: "在家熏艾草可以杀灭新冠病毒？",
    fiveG: "5G 基站会传播新冠病毒？",
    vinegar: "熏白醋能给房间消毒预防病毒？",
    typhoon: "台风天开窗能让屋内外气压平衡防止玻璃破裂？",
  };
  for (const [key, claim] of Object.entries(rows)) {
    ids[key] = (await createRebuttal(ctx.sql, { claim })).id;
    await deriveRebuttalSearch(ctx.sql, ids[key]!);
  }
  ids.retracted = (
    await createRebuttal(ctx.sql, { claim: "喝板蓝根能预防新冠？", status: "retracted" })
  ).id;
  ids.drill = (await createRebuttal(ctx.sql, { claim: "吃大蒜能预防新冠？", drill: true })).id;
  await deriveRebuttalSearch(ctx.sql, ids.retracted!);
  await deriveRebuttalSearch(ctx.sql, ids.drill!);
});
afterAll(() => ctx.close());

describe("matchRebuttals", () => {
  it("puts the rebuttal of a reworded short question first and is confident it is the same rumour", async () => {
    const [best] = await matchRebuttals(ctx.deps, "听说用盐水漱口可以预防新冠病毒，是真的吗");
    expect(best?.rebuttalId).toBe(ids.saltwater);
    expect(isSameRumour(best)).toBe(true);
    expect(best?.verdict).toBe("false");
  });

  it("finds a question asked in Traditional characters with full-width digits and zero-width spaces", async () => {
    const [best] = await matchRebuttals(ctx.deps, "５Ｇ基\u200B站會傳播新冠病毒嗎？");
    expect(best?.rebuttalId).toBe(ids.fiveG);
  });

  it("finds the rumour inside a 5,000-character pasted message", async () => {
    const filler = "今天天气很好，大家注意身体，多喝热水，早睡早起。".repeat(200);
    const text = `${filler.slice(0, 2500)}紧急通知：在家熏艾草可以杀灭新冠病毒，赶紧转发！${filler.slice(0, 2450)}`;
    expect(text.length).toBeGreaterThan(4900);
    const [best] = await matchRebuttals(ctx.deps, text);
    expect(best?.rebuttalId).toBe(ids.moxa);
  });

  it("never returns retracted or drill rebuttals", async () => {
    const found = await matchRebuttals(ctx.deps, "喝板蓝根吃大蒜能预防新冠吗", { limit: 50 });
    const foundIds = found.map((m) => m.rebuttalId);
    expect(foundIds).not.toContain(ids.retracted);
    expect(foundIds).not.toContain(ids.drill);
  });

  it("matches a rebuttal written without a derivation, and one whose text changed after it", async () => {
    const fresh = await createRebuttal(ctx.sql, { claim: "地震前井水翻花冒泡说明马上要地震？" });
    expect((await matchRebuttals(ctx.deps, "井水冒泡是地震前兆吗"))[0]?.rebuttalId).toBe(fresh.id);
    await ctx.sql`update rebuttals set claim = '喝高度白酒能杀死肺炎病毒？' where id = ${ids.vinegar!}`;
    const [best] = await matchRebuttals(ctx.deps, "喝高度白酒能杀死病毒吗");
    expect(best?.rebuttalId).toBe(ids.vinegar);
  });

  it("scores unrelated text below the suggestion line and empty text as no match", async () => {
    const found = await matchRebuttals(ctx.deps, "本周末图书馆延长开放时间");
    expect(found.every((m) => m.score < 0.35)).toBe(true);
    expect(await matchRebuttals(ctx.deps, "   \u200B ")).toEqual([]);
  });

  it("answers from Postgres alone while Meilisearch is unreachable", async () => {
    const deps = {
      ...ctx.deps,
      search: createSearch({
        sql: ctx.sql,
        log: ctx.deps.log,
        url: "http://127.0.0.1:9",
        prefix: "x_",
      }),
    };
    const [best] = await matchRebuttals(deps, "台风天要开窗平衡气压吗");
    expect(best?.rebuttalId).toBe(ids.typhoon);
  });
});
