import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { VOTE_LIMIT } from "../routes/vote-helpful.ts";

let ctx: TestContext;
let app: App;
beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const vote = (id: string, helpful: boolean, ip: string, ua = "Mozilla/5.0 (Linux; Android 14)") =>
  app.request(`/api/v1/rebuttals/${id}/helpful`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip, "user-agent": ua },
    body: JSON.stringify({ helpful }),
  });

describe("这条解答有帮助吗？", () => {
  it("counts one vote per visitor per day and refuses the repeat", async () => {
    const r = await createRebuttal(ctx.sql, { claim: "台风天开窗能减压防止玻璃爆裂" });
    const first = await vote(r.id, true, "198.51.100.7");
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ helpful: 1, notHelpful: 0 });
    const repeat = await vote(r.id, false, "198.51.100.7");
    expect(repeat.status).toBe(409);
    expect(await repeat.json()).toMatchObject({ code: "conflict" });
    const neighbour = await vote(r.id, false, "198.51.100.8");
    expect(await neighbour.json()).toEqual({ helpful: 1, notHelpful: 1 });
  });

  it("refuses a flood from one address with 429, and unknown or drill rebuttals with 404", async () => {
    const ids = await Promise.all(
      Array.from({ length: VOTE_LIMIT.limit + 1 }, (_, i) =>
        createRebuttal(ctx.sql, { claim: `洪水过后第 ${i} 条说法` }),
      ),
    );
    const statuses: number[] = [];
    for (const r of ids) statuses.push((await vote(r.id, true, "203.0.113.99")).status);
    expect(statuses.slice(0, VOTE_LIMIT.limit).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const drill = await createRebuttal(ctx.sql, { claim: "演练", drill: true });
    expect((await vote(drill.id, true, "203.0.113.100")).status).toBe(404);
    const votes = await ctx.sql`select 1 from helpful_votes where rebuttal_id = ${drill.id}`;
    expect(votes.length).toBe(0);
  });

  it("asks on the rebuttal page and takes the answer from a plain form", async () => {
    const r = await createRebuttal(ctx.sql, { claim: "地震后喝了井水会中毒" });
    const page = await (await app.request(`/r/${r.slug}`)).text();
    expect(page).toContain("这条解答有帮助吗？");
    const form = (ip: string) =>
      app.request(`/r/${r.id}/helpful`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
        body: "helpful=yes",
      });
    // Post/Redirect/Get: back to the rebuttal page, which says what the vote did.
    const thanked = async (ip: string) => {
      const res = await form(ip);
      expect(res.status).toBe(303);
      return (await app.request(res.headers.get("location")!)).text();
    };
    expect(await thanked("192.0.2.10")).toContain("谢谢你的评价");
    expect(await thanked("192.0.2.10")).toContain("今天已经评价过");
    const rows = await ctx.sql`select helpful from helpful_votes where rebuttal_id = ${r.id}`;
    expect(rows.map((v) => v.helpful)).toEqual([true]);
  });
});
