import { createRoute } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { rateLimit } from "../../http/rate-limit.ts";
import { access } from "../access.ts";

let ctx: TestContext;
let app: App;

const limited = createRoute({
  operationId: "testLimited",
  method: "get",
  path: "/api/v1/test/limited",
  ...access(
    { roles: ["coordinator"] },
    rateLimit({ name: "testLimited", limit: 1, windowMs: 60_000, key: () => "everyone" }),
  ),
  responses: { 200: { description: "ok" } },
});

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  app.openapi(limited, ((c: { json: (v: unknown, s: number) => Response }) =>
    c.json({ ok: true }, 200)) as never);
});
afterAll(() => ctx.close());

describe("access with extra middleware", () => {
  it("checks access before counting, so refused callers never use up the limit", async () => {
    const { auth } = await signedInUser(ctx.sql, ["coordinator"]);
    const expert = await signedInUser(ctx.sql, ["expert"]);
    expect((await app.request("/api/v1/test/limited")).status).toBe(401);
    expect((await app.request("/api/v1/test/limited", { headers: expert.auth })).status).toBe(403);
    expect((await app.request("/api/v1/test/limited", { headers: auth })).status).toBe(200);
    expect((await app.request("/api/v1/test/limited", { headers: auth })).status).toBe(429);
  });

  it("keeps the declaration in the OpenAPI document", async () => {
    const doc = await (await app.request("/api/openapi.json")).json();
    expect(doc.paths["/api/v1/test/limited"].get["x-chorus-access"]).toEqual({
      roles: ["coordinator"],
    });
  });
});
