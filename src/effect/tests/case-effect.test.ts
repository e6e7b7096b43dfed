import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  countedHour,
  floorHour,
  HOUR,
  missedSearch,
  publishedCase,
  reportsAt,
  votesAt,
} from "../../../tests/support/effect-factories.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import type { CaseEffect } from "../schemas.ts";

let ctx: TestContext;
let app: App;
let caseId: string;
let rebuttalId: string;
let coordinator: Record<string, string>;

/** The current hour's start; the case was published 30½ hours before it. */
const H0 = floorHour(new Date());
const NOW = new Date(H0.getTime() + 20 * 60_000);
const PUB = new Date(H0.getTime() - 30 * HOUR + 30 * 60_000);
const PUB_HOUR = floorHour(PUB);
const at = (hoursFromPublication: number, minutes = 0) =>
  new Date(PUB.getTime() + hoursFromPublication * HOUR + minutes * 60_000);

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp({ ...ctx.deps, now: () => NOW });
  const seeded = await publishedCase(ctx.sql, {
    title: "台风过后自来水被污染不能喝",
    claim: "台风过后自来水被污染",
    answer: "台风过后自来水检测合格，可放心使用",
    publishedAt: PUB,
  });
  caseId = seeded.caseId;
  rebuttalId = seeded.rebuttal.id;
  const inCase = { caseId };
  await reportsAt(ctx.sql, at(-40), 3, inCase);
  await reportsAt(ctx.sql, at(-10), 5, inCase);
  await reportsAt(ctx.sql, at(-1), 8, inCase);
  await reportsAt(ctx.sql, at(0, -10), 2, inCase);
  await reportsAt(ctx.sql, at(0, 5), 1, inCase);
  await reportsAt(ctx.sql, at(2), 2, { rebuttalId });
  await reportsAt(ctx.sql, at(20), 1, { rebuttalId });
  const other = await createRebuttal(ctx.sql, { claim: "喝醋能治流感" });
  await reportsAt(ctx.sql, at(2), 4, { rebuttalId: other.id });
  await countedHour(ctx.sql, rebuttalId, at(1), { views: 40, searchHits: 6, searchClicks: 3 });
  await countedHour(ctx.sql, rebuttalId, at(10), { views: 10, searchHits: 2 });
  await votesAt(ctx.sql, rebuttalId, at(3), 3, 1);
  await missedSearch(ctx.sql, "台风过后自来水被污染了吗", at(-5), 7);
  await missedSearch(ctx.sql, "喝醋能治流感吗", at(-5), 50);
  await missedSearch(ctx.sql, "海口停水通知", at(-2), 4);
  await ctx.sql`insert into search_misses (query_norm, sample, case_id)
                values ('海口停水通知', '海口停水通知', ${caseId})`;
  coordinator = (await signedInUser(ctx.sql, ["coordinator"])).auth;
});
afterAll(() => ctx.close());

const effect = (id: string, headers: Record<string, string>, query = "") =>
  app.request(`/api/v1/cases/${id}/effect${query}`, { headers });

const hourAt = (e: CaseEffect, d: Date) =>
  e.hours.find((h) => h.hour === floorHour(d).toISOString())!;

describe("getCaseEffect", () => {
  it("gives a coordinator reports and searches per hour, high before publication and low after, with the instant-answer share", async () => {
    const res = await effect(caseId, coordinator);
    expect(res.status).toBe(200);
    const e = (await res.json()) as CaseEffect;
    expect(e.publishedAt).toBe(PUB.toISOString());
    expect(e.window).toEqual({
      from: new Date(PUB_HOUR.getTime() - 48 * HOUR).toISOString(),
      to: new Date(H0.getTime() + HOUR).toISOString(),
      before: 48,
      after: 72,
    });
    expect(e.hours).toHaveLength(48 + 31);
    expect(e.before).toEqual({
      hours: 48,
      reports: 18,
      searches: 11,
      reportsPerHour: 0.38,
      searchesPerHour: 0.23,
    });
    expect(e.after).toEqual({
      hours: 31,
      reports: 4,
      searches: 8,
      reportsPerHour: 0.13,
      searchesPerHour: 0.26,
      answeredInstantly: 3,
    });
    expect(e.instantAnswerShare).toBe(0.75);
    expect({ views: e.views, clicks: e.searchClicks, yes: e.helpful, no: e.notHelpful }).toEqual({
      views: 50,
      clicks: 3,
      yes: 3,
      no: 1,
    });
    expect(hourAt(e, at(-1))).toMatchObject({ phase: "before", reports: 8 });
    expect(hourAt(e, at(-5))).toMatchObject({ searchesMissed: 7, searches: 7 });
    expect(hourAt(e, PUB)).toMatchObject({
      phase: "after",
      reportsBefore: 2,
      reportsAfter: 1,
      answeredInstantly: 0,
    });
    expect(hourAt(e, at(2))).toMatchObject({ reports: 2, answeredInstantly: 2 });
    expect(hourAt(e, at(1))).toMatchObject({ views: 40, searchesLanded: 6, searchClicks: 3 });
    expect(e.publications).toEqual([
      expect.objectContaining({ rebuttalId, publishedAt: PUB.toISOString() }),
    ]);
  });

  it("narrows to the hours asked for", async () => {
    const e = (await (
      await effect(caseId, coordinator, "?before=24&after=6")
    ).json()) as CaseEffect;
    expect(e.hours).toHaveLength(30);
    expect(e.before.reports).toBe(15);
    expect(e.after).toMatchObject({ hours: 6, reports: 3, answeredInstantly: 2 });
  });

  it("answers 404 to an expert not on the case, as if it did not exist, and 401/403 to those without a role for it", async () => {
    const outsider = await signedInUser(ctx.sql, ["expert"]);
    const res = await effect(caseId, outsider.auth);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect((await effect(caseId, {})).status).toBe(401);
    expect((await effect(caseId, (await signedInUser(ctx.sql, ["media"])).auth)).status).toBe(403);
    const lead = await signedInUser(ctx.sql, ["expert"]);
    await ctx.sql`insert into case_assignments (case_id, user_id, role)
                  values (${caseId}, ${lead.user.id}, 'lead')`;
    expect((await effect(caseId, lead.auth)).status).toBe(200);
  });

  it("refuses a bad window or id with problem+json naming each field", async () => {
    const res = await effect(caseId, coordinator, "?before=0&after=1000");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    const body = await res.json();
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["after", "before"]);
    const words = await effect(caseId, coordinator, "?before=abc");
    expect(words.status).toBe(400);
    expect((await words.json()).errors[0].path).toBe("before");
    const badId = await effect("not-a-case", coordinator);
    expect(badId.status).toBe(400);
    expect((await badId.json()).errors[0].path).toBe("id");
    expect((await effect(crypto.randomUUID(), coordinator)).status).toBe(404);
  });

  it("shows an unpublished case's last 48 hours, all before publication, with no instant share", async () => {
    const { caseId: fresh } = await publishedCase(ctx.sql, {
      title: "另一个事件",
      claim: "另一个说法",
      answer: "另一个解答",
      publishedAt: at(0),
    });
    await ctx.sql`update cases set published_at = null, status = 'drafting' where id = ${fresh}`;
    await ctx.sql`delete from rebuttals where case_id = ${fresh}`;
    await reportsAt(ctx.sql, new Date(NOW.getTime() - 2 * HOUR), 2, { caseId: fresh });
    const e = (await (await effect(fresh, coordinator)).json()) as CaseEffect;
    expect(e.publishedAt).toBeNull();
    expect(e.hours).toHaveLength(48);
    expect(e.hours.every((h) => h.phase === "before")).toBe(true);
    expect(e.before.reports).toBe(2);
    expect(e.after).toMatchObject({ hours: 0, reports: 0, reportsPerHour: null });
    expect(e.instantAnswerShare).toBeNull();
  });

  it("leaves public searches out of a drill case's figures", async () => {
    const drill = await publishedCase(ctx.sql, {
      title: "台风过后自来水被污染不能喝（演练）",
      claim: "台风过后自来水被污染",
      answer: "演练解答",
      publishedAt: PUB,
      drill: true,
    });
    await reportsAt(ctx.sql, at(-3), 2, { caseId: drill.caseId });
    const e = (await (await effect(drill.caseId, coordinator)).json()) as CaseEffect;
    expect(e.drill).toBe(true);
    expect(e.before).toMatchObject({ reports: 2, searches: 0 });
  });
});
