import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { matchForIntake } from "../../cases/intake-matches.ts";
import { normalizeText } from "../../text/normalize.ts";
import { fuseRankings } from "../fuse.ts";
import { BEST_ONLY, LIMITS, rankByShingles } from "../retrieve.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.deps.search.ensureIndex();
});
afterAll(() => ctx.close());

/** More copies than the candidate query keeps (`LIMITS.doc` by claim/title/summary), all scoring alike. */
const COPIES = 120;
const CLAIM = "把芒果核泡在温盐水里喝能退登革热高烧？";

describe("equal scores rank in id order", () => {
  const ids: string[] = [];
  const query = "芒果核泡温盐水能退登革热高烧吗";
  beforeAll(async () => {
    for (let i = 0; i < COPIES; i++) {
      const { id } = await createRebuttal(ctx.sql, {
        claim: CLAIM,
        bodyMd: "芒果核盐水退不了烧。",
      });
      ids.push(id);
    }
    await ctx.deps.search.index(ids);
  });

  it("keeps the same candidates, in id order, whatever order the rows were written in", async () => {
    const byId = [...ids].sort();
    // Inserted in random uuid order: without a tie-break the heap's order would decide.
    expect(ids).not.toEqual(byId);

    const ranked = await rankByShingles(ctx.sql, query, { limit: COPIES });
    expect(new Set(ranked.map((r) => r.score)).size).toBe(1);
    expect(ranked.map((r) => r.id)).toEqual(byId.slice(0, ranked.length));
    expect(ranked.length).toBeGreaterThanOrEqual(LIMITS.doc);
  });

  it("gives intake only the first of them its narrower lookup keeps, in the same order", async () => {
    const byId = [...ids].sort();
    const intake = await matchForIntake(ctx.deps, query, normalizeText(query), 50);
    expect(intake.map((m) => m.rebuttalId)).toEqual(byId.slice(0, BEST_ONLY.doc));
    // A match asked without the narrower lookup takes the search's rows: all 50 asked for.
    expect(await ctx.deps.search.match(query, { limit: 50, meili: false })).toHaveLength(50);
  });

  it("fuses equal scores in id order, not in the order the engines listed them", () => {
    const hit = (id: string) => ({
      id,
      title: "",
      verdict: null,
      score: 0.5,
      confidence: 0,
      hit: {} as never,
    });
    expect(fuseRankings([hit("c"), hit("a"), hit("b")], [])).toEqual(["a", "b", "c"]);
  });
});
