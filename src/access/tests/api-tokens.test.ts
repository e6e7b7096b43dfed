import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonBody } from "../../../tests/support/access-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createApiToken,
  createOrganisation,
  signedInUser,
} from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

async function mediaPerson() {
  const org = await createOrganisation(ctx.sql, { kind: "media" });
  return { org, ...(await signedInUser(ctx.sql, ["media"], { organisationId: org.id })) };
}
const create = (auth: Record<string, string>, body: unknown) =>
  app.request("/api/v1/api-tokens", jsonBody("POST", body, auth));

describe("API tokens", () => {
  it("are shown once, work as bearer tokens, are listed without the secret and keep last use", async () => {
    const m = await mediaPerson();
    const res = await create(m.auth, { name: "微信桥接", scopes: ["feed:read"] });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.token).toMatch(/^ct_/);
    expect(created).toMatchObject({ organisationId: m.org.id, scopes: ["feed:read"] });
    const [stored] = await ctx.sql`select token_hash from api_tokens where id = ${created.id}`;
    expect(stored!.tokenHash).not.toContain(created.token);
    await app.request("/api/v1/api-tokens", {
      headers: { authorization: `Bearer ${created.token}` },
    });
    const list = await (await app.request("/api/v1/api-tokens", { headers: m.auth })).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).not.toHaveProperty("token");
    expect(list.items[0].lastUsedAt).not.toBeNull();
  });

  it("can be revoked, after which the token is refused with 401", async () => {
    const m = await mediaPerson();
    const created = await (
      await create(m.auth, { name: "CMS", scopes: ["deliveries:read"] })
    ).json();
    const bearer = { authorization: `Bearer ${created.token}` };
    const del = await app.request(`/api/v1/api-tokens/${created.id}`, {
      method: "DELETE",
      headers: m.auth,
    });
    expect(del.status).toBe(204);
    expect((await app.request("/api/v1/api-tokens", { headers: bearer })).status).toBe(401);
    const audit =
      await ctx.sql`select action from audit_log where object_id = ${created.id} order by id`;
    expect(audit.map((r) => r.action)).toEqual(["api_token.created", "api_token.revoked"]);
  });

  it("refuse scopes media may not grant, and unknown scopes", async () => {
    const m = await mediaPerson();
    expect((await create(m.auth, { name: "x", scopes: ["library:import"] })).status).toBe(403);
    const bad = await create(m.auth, { name: "", scopes: ["root"] });
    expect(bad.status).toBe(400);
    const paths = (await bad.json()).errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["name", "scopes.0"]));
  });

  it("let admins grant any scope to any organisation", async () => {
    const admin = await signedInUser(ctx.sql, ["admin"]);
    const org = await createOrganisation(ctx.sql, { kind: "research" });
    const res = await create(admin.auth, {
      name: "导入",
      scopes: ["library:import"],
      organisationId: org.id,
    });
    expect(res.status).toBe(201);
    expect((await res.json()).organisationId).toBe(org.id);
  });

  it("of another organisation stay hidden from media (404), in lists and on revoke", async () => {
    const a = await mediaPerson();
    const b = await mediaPerson();
    const theirs = await createApiToken(ctx.sql, b.org.id, ["feed:read"]);
    const del = await app.request(`/api/v1/api-tokens/${theirs.id}`, {
      method: "DELETE",
      headers: a.auth,
    });
    expect(del.status).toBe(404);
    const [row] = await ctx.sql`select revoked_at from api_tokens where id = ${theirs.id}`;
    expect(row!.revokedAt).toBeNull();
    const list = await app.request(`/api/v1/api-tokens?organisationId=${b.org.id}`, {
      headers: a.auth,
    });
    expect(list.status).toBe(404);
    const own = await (await app.request("/api/v1/api-tokens", { headers: a.auth })).json();
    expect(own.items.map((t: { id: string }) => t.id)).not.toContain(theirs.id);
    expect(
      (await create(a.auth, { name: "x", scopes: ["feed:read"], organisationId: b.org.id })).status,
    ).toBe(404);
  });

  it("cannot be managed with an API token or by experts", async () => {
    const m = await mediaPerson();
    const token = await createApiToken(ctx.sql, m.org.id, ["feed:read", "subscriptions:manage"]);
    expect((await create(token.auth, { name: "x", scopes: ["feed:read"] })).status).toBe(403);
    const expert = await signedInUser(ctx.sql, ["expert"]);
    expect((await create(expert.auth, { name: "x", scopes: ["feed:read"] })).status).toBe(403);
  });
});
