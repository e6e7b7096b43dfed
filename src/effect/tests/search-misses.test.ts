import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { normalizeText } from "../../text/normalize.ts";
import { effectCounter, flushEffects } from "../counter.ts";

let ctx: TestContext;
let app: App;

// Effect counting off: the coordinators' list of unanswered searches is kept all the same.
beforeAll(async () => {
  ctx = await createTestContext({ EFFECT_COUNTING: "false", TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const search = (q: string, phone: number) =>
  app.request(`/api/v1/rebuttals?q=${encodeURIComponent(q)}`, {
    headers: { "x-forwarded-for": `10.0.0.${phone}` },
  });

const listed = async (queryNorm: string) =>
  ctx.sql<{ sample: string; count: number; firstAt: Date; lastAt: Date }[]>`
    select sample, count, first_at, last_at from search_misses where query_norm = ${queryNorm}`;

describe("searches without an answer, as coordinators see them", () => {
  it("lists two long questions that differ only past the kept length once, and keeps writing afterwards", async () => {
    // Each is cut inside its last character (a surrogate pair): what is kept of both is the same.
    const long = "听说".repeat(249);
    for (const [i, q] of [`${long}喝😀`, `${long}喝𠀀`].entries()) {
      expect((await (await search(q, 40 + i)).json()).confident).toBe(false);
    }
    await flushEffects(ctx.deps);
    const [row] = await ctx.sql<{ count: number }[]>`
      select count from search_misses where query_norm like ${`${normalizeText(long)}%`}`;
    expect(row?.count).toBe(2);

    await search("台风天开窗能平衡气压吗，听说海口已经有人试过", 42);
    await flushEffects(ctx.deps);
    expect(
      await ctx.sql`select 1 from search_misses where sample = ${"台风天开窗能平衡气压吗，听说海口已经有人试过"}`,
    ).toHaveLength(1);
  });

  it("counts a crowd asking one unanswered question in memory and lists it once, with the crowd's count, after the flush", async () => {
    const q = "听说海口的自来水里被人投放了新型病毒？";
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => (await search(q, i + 1)).json()),
    );
    expect(answers.map((a) => a.confident)).toEqual(answers.map(() => false));
    const norm = normalizeText(q);
    // A public search paid no write of its own: nothing is listed before the counter's flush.
    expect(await listed(norm)).toEqual([]);

    await flushEffects(ctx.deps);
    const [row] = await listed(norm);
    expect(row).toMatchObject({ sample: q, count: 20 });
    expect(row!.firstAt.getTime()).toBeLessThanOrEqual(row!.lastAt.getTime());

    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    const res = await app.request("/api/v1/search-misses", { headers: coordinator.auth });
    expect((await res.json()).misses[0]).toMatchObject({ sample: q, count: 20 });
  });

  it("adds a later flush's misses to the listed row, keeping its first sample and first time", async () => {
    const first = "喝椰子水能治疗登革热吗";
    await search(first, 30);
    await flushEffects(ctx.deps);
    const [before] = await ctx.sql<{ queryNorm: string; firstAt: Date; lastAt: Date }[]>`
      select query_norm, first_at, last_at from search_misses where sample = ${first}`;

    const later = "喝椰子水能治療登革熱嗎"; // Traditional: the same folded question
    await search(later, 31);
    await search(later, 32);
    await flushEffects(ctx.deps);
    const [after] = await listed(before!.queryNorm);
    expect(after).toMatchObject({ sample: first, count: 3, firstAt: before!.firstAt });
    expect(after!.lastAt.getTime()).toBeGreaterThan(before!.lastAt.getTime());
  });

  it("keeps the misses it could not write and writes them with the next flush", async () => {
    const counter = effectCounter(ctx.deps);
    const at = new Date();
    counter.miss("台风过后井水能直接喝吗", "台风过后井水能直接喝吗", at);
    await ctx.sql`alter table search_misses rename to search_misses_away`;
    try {
      await counter.flush();
    } finally {
      await ctx.sql`alter table search_misses_away rename to search_misses`;
    }
    expect(await listed("台风过后井水能直接喝吗")).toEqual([]);
    counter.miss("台风过后井水能直接喝吗", "台风过后井水能直接喝吗？", at);
    await counter.flush();
    expect(await listed("台风过后井水能直接喝吗")).toMatchObject([
      { sample: "台风过后井水能直接喝吗", count: 2 },
    ]);
  });
});
