import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";

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
});
