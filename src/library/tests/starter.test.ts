import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { matchRebuttals } from "../match.ts";
import { loadStarterLibrary, readStarterLibrary } from "../starter.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("starter library", () => {
  it("ships at least 40 rebuttals with sources, each summary within 140 characters", () => {
    const items = readStarterLibrary().map((l) => JSON.parse(l));
    expect(items.length).toBeGreaterThanOrEqual(40);
    for (const item of items) {
      expect(item.summary.length).toBeLessThanOrEqual(140);
      expect(item.sources.length).toBeGreaterThan(0);
      for (const s of item.sources) expect(s.url).toMatch(/^https?:\/\//);
    }
  });

  it("loads once, stays unchanged on the next start, and answers questions as live non-imported content", async () => {
    const first = await loadStarterLibrary(ctx.deps);
    expect(first).toMatch(/新增 4\d/);
    expect(await loadStarterLibrary(ctx.deps)).toMatch(/新增 0，更新 0/);
    const [best] = await matchRebuttals(ctx.deps, "台风天要不要开窗平衡气压");
    const [row] =
      await ctx.sql`select slug, imported from rebuttals where id = ${best!.rebuttalId}`;
    expect(row).toMatchObject({ slug: "typhoon-open-windows", imported: false });
  });
});
