import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let coordinator: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
  coordinator = await signedInUser(ctx.sql, ["coordinator"]);
});
afterAll(() => ctx.close());

const post = (path: string, body: unknown) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...coordinator.auth },
    body: JSON.stringify(body),
  });

describe("openCaseFromSearchMiss", () => {
  it("opens a search_miss case from an unanswered public search and links the two", async () => {
    await ctx.sql`insert into search_misses (query_norm, sample, count)
                  values ('椰子水能治登革热', '椰子水能治登革热吗', 12)`;
    const res = await post("/api/v1/cases/from-search-miss", { queryNorm: "椰子水能治登革热" });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({
      origin: "search_miss",
      status: "new",
      title: "椰子水能治登革热吗",
    });
    const [miss] =
      await ctx.sql`select case_id from search_misses where query_norm = '椰子水能治登革热'`;
    expect(miss!.caseId).toBe(body.id);
    const again = await post("/api/v1/cases/from-search-miss", { queryNorm: "椰子水能治登革热" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "conflict", caseId: body.id });
  });

  it("answers 404 for a search nobody made", async () => {
    const res = await post("/api/v1/cases/from-search-miss", { queryNorm: "没有人搜过" });
    expect(res.status).toBe(404);
  });
});

describe("drill mode", () => {
  it("keeps a drill flag set at triage, through re-triage, and labels the events", async () => {
    const opened = await post("/api/v1/cases", { title: "演练：台风期间谣言处置" });
    const { id } = await opened.json();
    const lead = await signedInUser(ctx.sql, ["expert"]);
    const triage = (drill?: boolean) =>
      post(`/api/v1/cases/${id}/triage`, {
        category: "weather",
        urgency: 2,
        region: "460000",
        leadExpertId: lead.user.id,
        drill,
      });
    expect((await (await triage(true)).json()).drill).toBe(true);
    expect((await (await triage(false)).json()).drill).toBe(true);
    const events =
      await ctx.sql`select drill from events where case_id = ${id} and type = 'case.assigned'`;
    expect(events.map((e) => e.drill)).toEqual([true, true]);
  });

  it("never takes public reports into a drill case", async () => {
    const text = "演练用谣言：海口明天全市停电七十二小时，请提前囤积蜡烛";
    const opened = await post("/api/v1/cases", { title: text, drill: true });
    const drill = await opened.json();
    const report = await postReport(app, { text });
    expect(report.body.outcome).toBe("opened");
    expect(report.body.caseId).not.toBe(drill.id);
  });
});
