import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow, createReportRow } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation, signedInUser } from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let coordinator: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  coordinator = await signedInUser(ctx.sql, ["coordinator"]);
});
afterAll(() => ctx.close());

const post = (path: string, body: unknown, headers = coordinator.auth) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("mergeCase", () => {
  it("moves a duplicate's reports into the other case and closes it as a duplicate", async () => {
    const keep = await createCaseRow(ctx.sql, { status: "triaged" });
    const dup = await createCaseRow(ctx.sql);
    await createReportRow(ctx.sql, { caseId: keep.id, outcome: "opened" });
    await createReportRow(ctx.sql, { caseId: dup.id, outcome: "opened" });
    await createReportRow(ctx.sql, { caseId: dup.id, outcome: "attached" });
    const res = await post(`/api/v1/cases/${dup.id}/merge`, { intoCaseId: keep.id });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ reportsMoved: 2, into: { id: keep.id, reportCount: 3 } });
    const [closed] =
      await ctx.sql`select status, close_reason, merged_into from cases where id = ${dup.id}`;
    expect(closed).toEqual({ status: "closed", closeReason: "duplicate", mergedInto: keep.id });
    const again = await post(`/api/v1/cases/${dup.id}/merge`, { intoCaseId: keep.id });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "invalid_state", currentState: "closed" });
  });

  it("refuses merging into itself, into a closed case, into a missing case, or a drill into a real case", async () => {
    const open = await createCaseRow(ctx.sql);
    const closed = await createCaseRow(ctx.sql, { status: "closed" });
    const drill = await createCaseRow(ctx.sql, { drill: true });
    expect((await post(`/api/v1/cases/${open.id}/merge`, { intoCaseId: open.id })).status).toBe(
      400,
    );
    const intoClosed = await post(`/api/v1/cases/${open.id}/merge`, { intoCaseId: closed.id });
    expect(intoClosed.status).toBe(409);
    const missing = await post(`/api/v1/cases/${open.id}/merge`, {
      intoCaseId: "00000000-0000-4000-8000-000000000000",
    });
    expect(missing.status).toBe(400);
    expect((await post(`/api/v1/cases/${drill.id}/merge`, { intoCaseId: open.id })).status).toBe(
      400,
    );
    const [still] = await ctx.sql`select status from cases where id = ${open.id}`;
    expect(still!.status).toBe("new");
  });
});

describe("closeCase", () => {
  it("closes an open case with a reason and note, and audits it", async () => {
    const kase = await createCaseRow(ctx.sql, { status: "drafting" });
    const res = await post(`/api/v1/cases/${kase.id}/close`, {
      reason: "out_of_scope",
      note: "非本省事务",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "closed", closeReason: "out_of_scope" });
    const [audit] = await ctx.sql`
      select action, data from audit_log where object_type = 'case' and object_id = ${kase.id}`;
    expect(audit).toMatchObject({
      action: "case.closed",
      data: { reason: "out_of_scope", from: "drafting" },
    });
  });

  it("answers 409 with the current state when the case is already closed", async () => {
    const kase = await createCaseRow(ctx.sql, { status: "closed" });
    const res = await post(`/api/v1/cases/${kase.id}/close`, { reason: "rejected" });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: "invalid_state", currentState: "closed" });
  });

  it("refuses an unknown reason (duplicates go through merge) and non-coordinators", async () => {
    const kase = await createCaseRow(ctx.sql);
    expect((await post(`/api/v1/cases/${kase.id}/close`, { reason: "duplicate" })).status).toBe(
      400,
    );
    const expert = await signedInUser(ctx.sql, ["expert"]);
    expect(
      (await post(`/api/v1/cases/${kase.id}/close`, { reason: "rejected" }, expert.auth)).status,
    ).toBe(403);
  });
});

describe("suggestExperts", () => {
  it("puts experts with the case's expertise first, the least loaded of them first, across organisations", async () => {
    const kase = await createCaseRow(ctx.sql, { category: "earthquake" });
    const seismology = await createOrganisation(ctx.sql, { kind: "research" });
    const busy = await signedInUser(ctx.sql, ["expert"], { expertise: ["earthquake"] });
    const free = await signedInUser(ctx.sql, ["expert"], {
      expertise: ["earthquake", "disaster-safety"],
      organisationId: seismology.id,
    });
    const other = await signedInUser(ctx.sql, ["expert"], { expertise: ["vaccines"] });
    const load = await createCaseRow(ctx.sql, { status: "drafting" });
    await ctx.sql`insert into case_assignments (case_id, user_id, role) values (${load.id}, ${busy.user.id}, 'lead')`;
    const res = await app.request(`/api/v1/cases/${kase.id}/expert-suggestions?limit=50`, {
      headers: coordinator.auth,
    });
    const body = await res.json();
    const ids = body.experts.map((e: { userId: string }) => e.userId);
    expect(ids.indexOf(free.user.id)).toBeLessThan(ids.indexOf(busy.user.id));
    expect(ids.indexOf(busy.user.id)).toBeLessThan(ids.indexOf(other.user.id));
    expect(body.experts[ids.indexOf(busy.user.id)]).toMatchObject({
      matchesCategory: true,
      openAssignments: 1,
    });
    expect(body.experts[ids.indexOf(free.user.id)].organisationId).toBe(seismology.id);
  });
});
