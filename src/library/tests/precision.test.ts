import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { flushEffects } from "../../effect/counter.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { loadStarterLibrary, starterExternalId } from "../starter.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
  await loadStarterLibrary(ctx.deps);
}, 60_000);
afterAll(() => ctx.close());

const idOf = async (slug: string) =>
  (await ctx.sql`select id from rebuttals where external_id = ${starterExternalId(slug)}`)[0]!.id;
/** The misses of `sample` once this node has written what it counted. */
const missCount = async (sample: string) => {
  await flushEffects(ctx.deps);
  return (await ctx.sql`select count from search_misses where sample = ${sample}`)[0]?.count ?? 0;
};

describe("answers on the starter library only when it is the same rumour", () => {
  it("does not answer the report 吃大蒜能杀死新冠病毒 with the rebuttal about drinking alcohol", async () => {
    const { body } = await postReport(app, { text: "吃大蒜能杀死新冠病毒" });
    expect(body.outcome).not.toBe("matched");
    const alcohol = await idOf("alcohol-drinking-kills-virus");
    const matches = body.matches as { rebuttalId: string; score: number }[];
    expect(matches[0]?.rebuttalId).not.toBe(alcohol);
  });

  it("still answers a repeat of a starter rumour typed with the misspelling 板兰根", async () => {
    const { body } = await postReport(app, { text: "听说喝板兰根可以预防新冠肺炎？" });
    expect(body.outcome).toBe("matched");
    expect((body.matches as { rebuttalId: string }[])[0]?.rebuttalId).toBe(
      await idOf("banlangen-prevents"),
    );
  });

  for (const q of ["吃大蒜能预防流感", "头孢配酒会死人吗"]) {
    it(`answers the public search ${q} with no confident hit, offers to report it and records a miss`, async () => {
      const res = await app.request(`/api/v1/rebuttals?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ confident: false });
      expect(await missCount(q)).toBe(1);
      const page = await (await app.request(`/?q=${encodeURIComponent(q)}`)).text();
      expect(page).toContain("暂无权威解答");
      expect(page).toContain(`/report?text=${encodeURIComponent(q)}`);
      expect(await missCount(q)).toBe(2);
    });
  }

  it("answers a public search for a starter rumour confidently, first, and records no miss", async () => {
    const q = "台风天要不要开窗平衡气压";
    const body = await (await app.request(`/api/v1/rebuttals?q=${encodeURIComponent(q)}`)).json();
    expect(body.confident).toBe(true);
    expect(body.hits[0].id).toBe(await idOf("typhoon-open-windows"));
    expect(await missCount(q)).toBe(0);
  });

  it("prefills the report form from the link", async () => {
    const page = await (
      await app.request(`/report?text=${encodeURIComponent("头孢配酒会死人吗")}`)
    ).text();
    expect(page).toContain("头孢配酒会死人吗</textarea>");
  });
});
