import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { rankByShingles } from "../retrieve.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.search.ensureIndex();
});
afterAll(() => ctx.close());

/** More rows than the claim/title/summary lookup keeps (100), each sharing many common bigrams. */
const CROWD = 120;

describe("the candidate lookup weighs each rare bigram by its rarity", () => {
  it("keeps the one rebuttal holding the query's rarest words ahead of a crowd holding more common ones", async () => {
    const ids: string[] = [];
    for (let i = 0; i < CROWD; i++) {
      const { id } = await createRebuttal(ctx.sql, {
        claim: "芒果核盐水能退烧",
        bodyMd: "请遵医嘱。",
      });
      ids.push(id);
    }
    const rare = await createRebuttal(ctx.sql, {
      claim: "登革热患者要多休息，注意观察病情变化，及时就医，不要自行服用退烧药以外的偏方。",
      bodyMd: "请遵医嘱。",
    });
    await ctx.deps.search.index([...ids, rare.id]);

    const ranked = await rankByShingles(ctx.sql, "芒果核盐水能退登革热吗", { limit: CROWD + 1 });
    // By a plain count of rare bigrams the crowd (6 shared) fills the 100 places before it (2).
    expect(ranked.map((r) => r.id)).toContain(rare.id);
    expect(ranked.length).toBeGreaterThanOrEqual(100);
  });
});
