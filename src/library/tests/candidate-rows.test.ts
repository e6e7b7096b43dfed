import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import { candidatesById, hitRow, withDisplay } from "../db/candidates.ts";

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
    const searched = (await hits(`q=${encodeURIComponent("84消毒液兑水杀死诺如病毒")}`)).find(
      (h) => h.id === id,
    );
    const listed = (await hits("limit=50")).find((h) => h.id === id);
    expect(searched).toBeDefined();
    const { highlight: _, ...shown } = searched!;
    const { highlight: __, ...latest } = listed!;
    expect(shown).toEqual(latest);
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
    const searched = (await hits(`q=${encodeURIComponent("吹风机吹鼻孔杀死流感病毒")}`)).find(
      (h) => h.id === id,
    );
    // Not the first test's list: the door's answer cache would hand that back.
    const listed = (await hits("limit=49")).find((h) => h.id === id);
    expect(searched).toBeDefined();
    const { highlight: _, ...shown } = searched!;
    const { highlight: __, ...latest } = listed!;
    expect(shown).toEqual(latest);
    expect(shown).toMatchObject({ externalId: "pending-display", regions: ["460200"] });
  });

  it("arrives without its display when derived, which is fetched for the shown rows alone, in their order", async () => {
    const made = [];
    for (const claim of [
      "喝板蓝根能预防禽流感？",
      "盐水漱口能杀灭喉咙里的病毒？",
      "晒太阳能杀死体内病毒？",
    ])
      made.push((await createRebuttal(ctx.sql, { claim, externalId: claim })).id);
    await ctx.deps.search.index(made);
    const rows = await candidatesById(ctx.sql, made, [], {});
    expect(rows.map((r) => r.display)).toEqual([null, null, null]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const [first, second, gone] = made as [string, string, string];
    await ctx.sql`delete from rebuttals where id = ${gone}`;
    const shown = await withDisplay(
      ctx.sql,
      [second, gone, first].map((id) => byId.get(id)!),
    );
    expect(shown.map((r) => hitRow(r).externalId)).toEqual([
      "盐水漱口能杀灭喉咙里的病毒？",
      "喝板蓝根能预防禽流感？",
    ]);
  });
});
