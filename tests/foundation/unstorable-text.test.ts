import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { createOrganisation, signedInUser } from "../support/factories.ts";
import { call, createTriagedCase, type Person, revisionBody } from "../support/review-factories.ts";

let ctx: TestContext;
let app: App;
let admin: Person;
let lead: Person;
let caseId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  admin = await signedInUser(ctx.sql, ["admin"]);
  const org = await createOrganisation(ctx.sql, { kind: "medical" });
  lead = await signedInUser(ctx.sql, ["expert"], { organisationId: org.id });
  caseId = (await createTriagedCase(ctx.sql, { lead })).id;
});
afterAll(() => ctx.close());

const NUL = "\u0000";
const LONE = "\ud800";

/** Requests carrying text Postgres cannot store, across operations and surfaces. */
const hostile: { name: string; send: () => Response | Promise<Response> }[] = [
  {
    name: "login email with NUL",
    send: () =>
      call(app, "POST", "/api/v1/session", undefined, { email: `a${NUL}@x.cn`, password: "x" }),
  },
  {
    name: "report text with a lone surrogate",
    send: () => call(app, "POST", "/api/v1/reports", undefined, { text: `板蓝根${LONE}能防新冠` }),
  },
  {
    name: "organisation name with NUL",
    send: () =>
      call(app, "POST", "/api/v1/organisations", admin, {
        slug: "nul-org",
        name: `单位${NUL}`,
        kind: "government",
        regionCode: "460000",
      }),
  },
  {
    name: "revision body with NUL",
    send: () =>
      call(
        app,
        "POST",
        `/api/v1/cases/${caseId}/revisions`,
        lead,
        revisionBody({ body: `正文${NUL}` }),
      ),
  },
  {
    name: "revision source title with a lone low surrogate",
    send: () =>
      call(
        app,
        "POST",
        `/api/v1/cases/${caseId}/revisions`,
        lead,
        revisionBody({ sources: [{ title: `来源\udc00`, url: "https://example.cn/a" }] }),
      ),
  },
  {
    name: "audit filter with NUL",
    send: () => call(app, "GET", "/api/v1/audit?action=%00", admin),
  },
  { name: "public page slug /r/%00", send: () => app.request("/r/%00") },
  { name: "path with invalid UTF-8", send: () => app.request("/r/%ED%A0%80") },
  {
    name: "console sign-in form with NUL",
    send: () =>
      app.request("/console/sign-in", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "email=a%00%40x.cn&password=x",
      }),
  },
];

describe("text Postgres cannot store is refused at the boundary", () => {
  for (const h of hostile) {
    it(`answers 400 problem+json, not 500: ${h.name}`, async () => {
      const res = await h.send();
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ code: "validation_failed" });
    });
  }

  it("names the field that carried it", async () => {
    const res = await call(app, "POST", `/api/v1/cases/${caseId}/revisions`, lead, {
      ...revisionBody(),
      title: `标题${NUL}`,
    });
    expect((await res.json()).errors).toEqual([
      { path: "body.title", message: expect.any(String) },
    ]);
  });

  it("lets well-formed text through, emoji (surrogate pairs) included", async () => {
    const res = await call(app, "POST", "/api/v1/reports", undefined, {
      text: "网传😷口罩要戴三层",
    });
    expect(res.status).toBeLessThan(300);
  });
});
