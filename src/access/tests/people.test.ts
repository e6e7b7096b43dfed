import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jsonBody,
  TEST_PASSWORD,
  userWithPassword,
} from "../../../tests/support/access-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation, createUser, signedInUser } from "../../../tests/support/factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let admin: Awaited<ReturnType<typeof signedInUser>>;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  admin = await signedInUser(ctx.sql, ["admin"]);
});
afterAll(() => ctx.close());

const call = (method: string, path: string, body?: unknown, auth = admin.auth) =>
  body === undefined
    ? app.request(path, { method, headers: auth })
    : app.request(path, jsonBody(method, body, auth));
const errorPaths = async (res: Response) =>
  ((await res.json()).errors as { path: string }[]).map((e) => e.path).sort();

describe("organisations", () => {
  it("are created by admins with a known region, and audited", async () => {
    const res = await call("POST", "/api/v1/organisations", {
      slug: "sanya-media-centre",
      name: "三亚市融媒体中心",
      kind: "media",
      regionCode: "460200",
    });
    expect(res.status).toBe(201);
    const org = await res.json();
    expect(org).toMatchObject({ slug: "sanya-media-centre", kind: "media", regionCode: "460200" });
    const [entry] =
      await ctx.sql`select action, actor_id from audit_log where object_id = ${org.id}`;
    expect(entry).toMatchObject({ action: "organisation.created", actorId: admin.user.id });
  });

  it("refuse an unknown region, a bad kind and a taken slug", async () => {
    const bad = await call("POST", "/api/v1/organisations", {
      slug: "Bad Slug",
      name: "x",
      kind: "church",
      regionCode: "460000",
    });
    expect(await errorPaths(bad)).toEqual(["kind", "slug"]);
    const unknown = await call("POST", "/api/v1/organisations", {
      slug: "nowhere",
      name: "x",
      kind: "media",
      regionCode: "110000",
    });
    expect(unknown.status).toBe(400);
    expect(await errorPaths(unknown)).toEqual(["regionCode"]);
    const taken = await createOrganisation(ctx.sql);
    const dup = await call("POST", "/api/v1/organisations", {
      slug: taken.slug,
      name: "x",
      kind: "media",
      regionCode: "460000",
    });
    expect(dup.status).toBe(409);
    expect((await dup.json()).code).toBe("conflict");
  });

  it("are updated by admins; an unknown id is 404", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "government" });
    const res = await call("PATCH", `/api/v1/organisations/${org.id}`, { name: "海南省新单位" });
    expect((await res.json()).name).toBe("海南省新单位");
    const missing = await call("PATCH", `/api/v1/organisations/${crypto.randomUUID()}`, {
      name: "x",
    });
    expect(missing.status).toBe(404);
  });

  it("are listed for any signed-in person, and managed only by admins", async () => {
    const expert = await signedInUser(ctx.sql, ["expert"]);
    const list = await call("GET", "/api/v1/organisations?kind=media", undefined, expert.auth);
    expect(list.status).toBe(200);
    for (const o of (await list.json()).items) expect(o.kind).toBe("media");
    const create = await call(
      "POST",
      "/api/v1/organisations",
      { slug: "x-org", name: "x", kind: "media", regionCode: "460000" },
      expert.auth,
    );
    expect(create.status).toBe(403);
  });
});

describe("people", () => {
  it("are created with roles, taxonomy expertise and a password they can sign in with", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "medical" });
    const res = await call("POST", "/api/v1/users", {
      email: "Dr.Li@Hospital.test",
      name: "李医生",
      organisationId: org.id,
      roles: ["expert"],
      expertise: ["vaccines", "infectious-disease"],
      password: "a long enough password",
    });
    expect(res.status).toBe(201);
    const user = await res.json();
    expect(user).toMatchObject({ roles: ["expert"], hasPassword: true });
    expect(user.organisation.id).toBe(org.id);
    const login = await app.request(
      "/api/v1/session",
      jsonBody("POST", { email: "dr.li@hospital.test", password: "a long enough password" }),
    );
    expect(login.status).toBe(200);
    const dup = await call("POST", "/api/v1/users", {
      email: "DR.LI@hospital.test",
      name: "重复",
      organisationId: org.id,
    });
    expect(dup.status).toBe(409);
  });

  it("refuse unknown expertise, unknown organisations, bad emails and short passwords", async () => {
    const shape = await call("POST", "/api/v1/users", {
      email: "not-an-email",
      name: "",
      organisationId: "nope",
      roles: ["king"],
      password: "short",
    });
    expect(await errorPaths(shape)).toEqual([
      "email",
      "name",
      "organisationId",
      "password",
      "roles.0",
    ]);
    const refs = await call("POST", "/api/v1/users", {
      email: "refs@test.chorus",
      name: "x",
      organisationId: crypto.randomUUID(),
      expertise: ["vaccines", "astrology"],
    });
    expect(await errorPaths(refs)).toEqual(["expertise.1", "organisationId"]);
  });

  it("record role changes in the audit trail", async () => {
    const user = await createUser(ctx.sql, { roles: ["expert"] });
    const res = await call("PATCH", `/api/v1/users/${user.id}`, { roles: ["expert", "reviewer"] });
    expect((await res.json()).roles).toEqual(["expert", "reviewer"]);
    const rows = await ctx.sql`
      select action, data from audit_log where object_id = ${user.id} order by id`;
    expect(rows.map((r) => r.action)).toEqual(["user.updated", "user.roles_changed"]);
    expect(rows[1]!.data).toEqual({ from: ["expert"], to: ["expert", "reviewer"] });
  });

  it("lose their sessions when deactivated, and cannot sign in", async () => {
    const user = await userWithPassword(ctx.sql, ["reviewer"]);
    const login = await app.request(
      "/api/v1/session",
      jsonBody("POST", { email: user.email, password: TEST_PASSWORD }),
    );
    const { token } = await login.json();
    await call("PATCH", `/api/v1/users/${user.id}`, { active: false });
    const [s] = await ctx.sql`select revoked_at from sessions where user_id = ${user.id}`;
    expect(s!.revokedAt).not.toBeNull();
    const again = await app.request(
      "/api/v1/session",
      jsonBody("POST", { email: user.email, password: TEST_PASSWORD }),
    );
    expect(again.status).toBe(401);
    await call("PATCH", `/api/v1/users/${user.id}`, { active: true });
    const me = await app.request("/api/v1/session", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(401);
  });

  it("can have all their sessions ended by an admin", async () => {
    const target = await signedInUser(ctx.sql, ["coordinator"]);
    const res = await call("DELETE", `/api/v1/users/${target.user.id}/sessions`);
    expect(await res.json()).toEqual({ revoked: 1 });
    expect((await app.request("/api/v1/session", { headers: target.auth })).status).toBe(401);
  });

  it("cannot be edited by anyone but admins, and admins cannot lock themselves out", async () => {
    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    const other = await createUser(ctx.sql, { roles: ["expert"] });
    const byCoordinator = await call(
      "PATCH",
      `/api/v1/users/${other.id}`,
      { roles: ["admin"] },
      coordinator.auth,
    );
    expect(byCoordinator.status).toBe(403);
    const self = await call("PATCH", `/api/v1/users/${admin.user.id}`, { active: false });
    expect(self.status).toBe(403);
  });

  it("are listed for coordinators by expertise, with a total for paging", async () => {
    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    const org = await createOrganisation(ctx.sql);
    await createUser(ctx.sql, {
      organisationId: org.id,
      roles: ["expert"],
      expertise: ["earthquake"],
    });
    await createUser(ctx.sql, {
      organisationId: org.id,
      roles: ["expert"],
      expertise: ["weather"],
    });
    const res = await call(
      "GET",
      `/api/v1/users?organisationId=${org.id}&expertise=earthquake&limit=1`,
      undefined,
      coordinator.auth,
    );
    const body = await res.json();
    expect(body.total).toBe(1);
    expect(body.items[0].expertise).toEqual(["earthquake"]);
    const one = await call("GET", `/api/v1/users/${body.items[0].id}`, undefined, coordinator.auth);
    expect((await one.json()).expertise).toEqual(["earthquake"]);
    const missing = await call(
      "GET",
      `/api/v1/users/${crypto.randomUUID()}`,
      undefined,
      coordinator.auth,
    );
    expect(missing.status).toBe(404);
    const media = await signedInUser(ctx.sql, ["media"]);
    expect((await call("GET", "/api/v1/users", undefined, media.auth)).status).toBe(403);
  });
});
