import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  call,
  createTriagedCase,
  healthChainCast,
  type Person,
  person,
  type reviewApi,
} from "../../../tests/support/review-factories.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let api: ReturnType<typeof reviewApi>;
let lead: Person;
let peer: Person;
let outsider: Person;
let healthReviewer: Person;

beforeAll(async () => {
  ctx = await createTestContext();
  let orgs: Awaited<ReturnType<typeof healthChainCast>>["orgs"];
  ({ app, api, lead, peer, healthReviewer, orgs } = await healthChainCast(ctx));
  outsider = await person(ctx.sql, orgs.society.id, "expert");
});
afterAll(() => ctx.close());

const status = async (who: Person, path: string) => (await call(app, "GET", path, who)).status;

describe("who reads unpublished revisions", () => {
  it("an expert not on the case reads neither its drafts nor their list, as the case is hidden", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const draft = await api.draft(c.id, lead);
    expect(await status(outsider, `/api/v1/cases/${c.id}`)).toBe(404);
    expect(await status(outsider, `/api/v1/revisions/${draft.id}`)).toBe(404);
    expect(await status(outsider, `/api/v1/cases/${c.id}/revisions`)).toBe(404);
    const res = await call(app, "GET", `/api/v1/revisions/${draft.id}`, outsider);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await status(lead, `/api/v1/revisions/${draft.id}`)).toBe(200);
  });

  it("a reviewer does not read a draft still being written", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const draft = await api.draft(c.id, lead);
    expect(await status(healthReviewer, `/api/v1/revisions/${draft.id}`)).toBe(404);
    expect(await status(healthReviewer, `/api/v1/cases/${c.id}/revisions`)).toBe(404);
  });

  it("once submitted, the reviewers and the peer experts asked to decide read it, never a newer draft", async () => {
    const c = await createTriagedCase(ctx.sql, { lead });
    const submitted = await api.draft(c.id, lead);
    await api.submit(submitted.id, lead);
    expect(await status(peer, `/api/v1/revisions/${submitted.id}`)).toBe(200);
    expect(await status(healthReviewer, `/api/v1/revisions/${submitted.id}`)).toBe(200);
    const list = await call(app, "GET", `/api/v1/cases/${c.id}/revisions`, peer);
    expect(list.status).toBe(200);
    const ids = (await list.json()).items.map((r: { id: string }) => r.id);
    expect(ids).toEqual([submitted.id]);
    const newer = await api.draft(c.id, lead, { baseRevisionId: submitted.id, title: "新的草稿" });
    expect(await status(healthReviewer, `/api/v1/revisions/${newer.id}`)).toBe(404);
    expect(await status(peer, `/api/v1/revisions/${newer.id}`)).toBe(404);
    expect(
      await status(healthReviewer, `/api/v1/revisions/${newer.id}/diff?from=${submitted.id}`),
    ).toBe(404);
  });
});
