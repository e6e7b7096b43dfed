import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import { candidatesById, hitRow, sqlCandidates } from "../db/candidates.ts";
import { normalizedQueryTerms } from "../query-terms.ts";
import { candidateLookup, LIMITS } from "../retrieve.ts";
import { TermStats } from "../term-stats.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.search.ensureIndex();
});
afterAll(() => ctx.close());

interface Hit {
  id: string;
  [field: string]: unknown;
}

async function hits(query: string): Promise<Hit[]> {
  const res = await createApp(ctx.deps).request(`/api/v1/rebuttals?${query}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: Hit[] }).hits;
}

/**
 * Rebuttal `id` as a search for `q` shows it, which must equal how the list (`list`) shows it
 * but for the highlighting.
 */
async function shownAsListed(id: string, q: string, list: string) {
  const searched = (await hits(`q=${encodeURIComponent(q)}`)).find((h) => h.id === id);
  const listed = (await hits(list)).find((h) => h.id === id);
  expect(searched).toBeDefined();
  const { highlight: _, ...shown } = searched!;
  const { highlight: __, ...latest } = listed!;
  expect(shown).toEqual(latest);
  return shown;
}

describe("a searched candidate as a hit", () => {
  it("shows every field of its rebuttal as the latest list does, whatever its text holds", async () => {
    const publishedAt = new Date("2026-03-04T05:06:07.891Z");
    const { id } = await createRebuttal(ctx.sql, {
      claim: "喝“84消毒液”兑水能杀死体内的诺如病毒？",
      externalId: 'ext-"引号"\\反斜杠',
      summary: '摘要带 "引号"、反斜杠 \\ 、换行\n与表情 🦠，还有 </mark> 字样',
      regions: ["460000", "460100"],
      category: null,
      publishedAt,
    });
    await ctx.deps.search.index([id]);
    const shown = await shownAsListed(id, "84消毒液兑水杀死诺如病毒", "limit=50");
    expect(shown).toMatchObject({
      externalId: 'ext-"引号"\\反斜杠',
      regions: ["460000", "460100"],
      category: null,
      publishedAt: publishedAt.toISOString(),
    });
  });

  it("shows a rebuttal whose search row is not derived yet with every field as well", async () => {
    const { id } = await createRebuttal(ctx.sql, {
      claim: "用吹风机对着鼻孔吹热风能杀死流感病毒？",
      externalId: "pending-display",
      summary: "热风进不了呼吸道深处，反而可能烫伤鼻腔。",
      regions: ["460200"],
    });
    // Not the first test's list: the door's answer cache would hand that back.
    const shown = await shownAsListed(id, "吹风机吹鼻孔杀死流感病毒", "limit=49");
    expect(shown).toMatchObject({ externalId: "pending-display", regions: ["460200"] });
  });

  it("comes without its display when matching asks, unless it is pending, and with it for search", async () => {
    const made = [];
    for (const claim of ["喝板蓝根能预防禽流感？", "盐水漱口能杀灭喉咙里的病毒？"])
      made.push((await createRebuttal(ctx.sql, { claim, externalId: claim })).id);
    await ctx.deps.search.index(made);
    const { id: pending } = await createRebuttal(ctx.sql, {
      claim: "晒太阳能杀死体内病毒？",
      externalId: "晒太阳",
    });
    const ids = [...made, pending];
    const matching = await candidatesById(ctx.sql, ids, [], {}, false);
    expect(new Map(matching.map((r) => [r.id, r.display === null]))).toEqual(
      new Map([
        [made[0], true],
        [made[1], true],
        [pending, false],
      ]),
    );
    expect(hitRow(matching.find((r) => r.id === pending)!).externalId).toBe("晒太阳");
    const searching = await candidatesById(ctx.sql, ids, [], {});
    expect(searching.map((r) => hitRow(r).externalId).sort()).toEqual(
      ["喝板蓝根能预防禽流感？", "盐水漱口能杀灭喉咙里的病毒？", "晒太阳"].sort(),
    );
  });

  it("comes from the lookup with its projected sets once derived, and with its text while pending", async () => {
    const { id: derived } = await createRebuttal(ctx.sql, { claim: "蒸桑拿能把新冠病毒热死？" });
    await ctx.deps.search.index([derived]);
    const { id: pending } = await createRebuttal(ctx.sql, { claim: "蒸桑拿出汗能排出新冠病毒？" });
    const lookup = await candidateLookup(
      { sql: ctx.sql, termStats: new TermStats() },
      normalizedQueryTerms("蒸桑拿能杀死新冠病毒吗"),
      {},
      { display: false },
    );
    const rows = new Map((await sqlCandidates(ctx.sql, lookup)).map((r) => [r.id, r]));
    expect(rows.get(derived)).toMatchObject({ display: null, bodyMd: null });
    expect(rows.get(derived)?.grams).toMatch(/^\d+;\d+;\d+;/);
    expect(rows.get(pending)).toMatchObject({ grams: null, tags: [] });
    expect(rows.get(pending)?.bodyMd).toEqual(expect.any(String));
  });

  it("comes from the lookup while pending under a filter it passes, however many newer pending rebuttals fail it", async () => {
    const { id: pending } = await createRebuttal(ctx.sql, {
      claim: "泡温泉能把流感病毒烫死？",
      verdict: "misleading",
      category: "infectious-disease",
    });
    // More newer pending rebuttals than the lookup takes (`LIMITS.pending`), none passing.
    for (let i = 0; i <= LIMITS.pending; i++)
      await createRebuttal(ctx.sql, { claim: `泡温泉第${i}次能治感冒？`, verdict: "false" });
    const ids = async (filters: Record<string, string>) => {
      const lookup = await candidateLookup(
        { sql: ctx.sql, termStats: new TermStats() },
        normalizedQueryTerms("泡温泉能烫死流感病毒吗"),
        filters,
        { display: false },
      );
      return (await sqlCandidates(ctx.sql, lookup)).map((r) => r.id);
    };
    expect(await ids({ verdict: "misleading" })).toContain(pending);
    expect(await ids({ category: "infectious-disease" })).toContain(pending);
    expect(await ids({ verdict: "false" })).not.toContain(pending);
  });
});
