import { createRoute } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createApiToken,
  createOrganisation,
  createSession,
  createUser,
  signedInUser,
} from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { access } from "../access.ts";

let ctx: TestContext;
let app: App;

const ok = { 200: { description: "ok" } };
const coordinatorOnly = createRoute({
  operationId: "testCoordinatorOnly",
  method: "get",
  path: "/api/v1/test/coordinator-only",
  ...access({ roles: ["coordinator"], scopes: ["feed:read"] }),
  responses: ok,
});
const publicRoute = createRoute({
  operationId: "testPublic",
  method: "get",
  path: "/api/v1/test/public",
  ...access({ public: true }),
  responses: ok,
});

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  const whoami = (c: Parameters<Parameters<App["openapi"]>[1]>[0]) =>
    c.json({ kind: c.get("actor").kind }, 200);
  app.openapi(coordinatorOnly, whoami as never);
  app.openapi(publicRoute, whoami as never);
});
afterAll(() => ctx.close());

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe("route access declarations", () => {
  it("appear in the OpenAPI document as x-chorus-access", async () => {
    const doc = await (await get("/api/openapi.json")).json();
    expect(doc.paths["/api/v1/test/coordinator-only"].get["x-chorus-access"]).toEqual({
      roles: ["coordinator"],
      scopes: ["feed:read"],
    });
    expect(doc.paths["/api/v1/test/public"].get.security).toEqual([]);
  });

  it("let anyone call a public operation", async () => {
    const res = await get("/api/v1/test/public");
    expect(await res.json()).toEqual({ kind: "public" });
  });

  it("ask an anonymous caller to sign in (401)", async () => {
    expect((await get("/api/v1/test/coordinator-only")).status).toBe(401);
  });

  it("refuse a signed-in person without the role (403)", async () => {
    const { auth } = await signedInUser(ctx.sql, ["expert"]);
    expect((await get("/api/v1/test/coordinator-only", auth)).status).toBe(403);
  });

  it("admit a person with the role", async () => {
    const { auth } = await signedInUser(ctx.sql, ["coordinator"]);
    const res = await get("/api/v1/test/coordinator-only", auth);
    expect(await res.json()).toEqual({ kind: "user" });
  });

  it("admit an API token with the scope and refuse one without it", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const reader = await createApiToken(ctx.sql, org.id, ["feed:read"]);
    const other = await createApiToken(ctx.sql, org.id, ["subscriptions:manage"]);
    expect((await get("/api/v1/test/coordinator-only", reader.auth)).status).toBe(200);
    expect((await get("/api/v1/test/coordinator-only", other.auth)).status).toBe(403);
  });

  it("refuse an expired session, an unknown token and a revoked token with 401", async () => {
    const user = await createUser(ctx.sql, { roles: ["coordinator"] });
    const expired = await createSession(ctx.sql, user.id, { expiresInMs: -1000 });
    expect((await get("/api/v1/test/public", { authorization: `Bearer ${expired}` })).status).toBe(
      401,
    );
    expect((await get("/api/v1/test/public", { authorization: "Bearer cs_nope" })).status).toBe(
      401,
    );
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const token = await createApiToken(ctx.sql, org.id, ["feed:read"]);
    await ctx.sql`update api_tokens set revoked_at = now() where id = ${token.id}`;
    const res = await get("/api/v1/test/public", token.auth);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("unauthenticated");
  });
});
