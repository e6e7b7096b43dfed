import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  jsonBody,
  TEST_PASSWORD,
  userWithPassword,
} from "../../../tests/support/access-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation } from "../../../tests/support/factories.ts";
import {
  DUMMY_PASSWORD_HASH,
  hashPassword,
  PASSWORD_PARAMS,
  verifyPassword,
} from "../../auth/password.ts";
import { hashToken } from "../../auth/tokens.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { LOGIN_LIMITS, throttleDelayMs } from "../login.ts";

let ctx: TestContext;
let app: App;
let address = 0;

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

/** Each test signs in from its own address, so address limits of one test never touch another. */
const from = () => ({ "x-forwarded-for": `10.0.${Math.floor(++address / 250)}.${address % 250}` });
const signIn = (email: string, password: string, headers = from()) =>
  app.request("/api/v1/session", jsonBody("POST", { email, password }, headers));

/** An app whose clock the test moves, for the sign-in throttle. */
function clockedApp(start = Date.now()) {
  let at = start;
  const clocked = createApp({ ...ctx.deps, now: () => new Date(at) });
  return {
    now: () => at,
    advance: (ms: number) => {
      at += ms;
    },
    signIn: (email: string, password: string, headers = from()) =>
      clocked.request("/api/v1/session", jsonBody("POST", { email, password }, headers)),
  };
}

describe("passwords", () => {
  it("are hashed with scrypt, salted, with their parameters in the hash", async () => {
    const a = await hashPassword("秘密 password");
    const b = await hashPassword("秘密 password");
    expect(a).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("秘密 password", a)).toBe(true);
    expect(await verifyPassword("秘密 passworD", a)).toBe(false);
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
  });

  it("check unknown accounts against a dummy hash that costs what a real one costs", async () => {
    const [, N, r, p, , key] = DUMMY_PASSWORD_HASH.split("$");
    const { N: n, r: rr, p: pp, keyLength } = PASSWORD_PARAMS;
    expect([Number(N), Number(r), Number(p)]).toEqual([n, rr, pp]);
    expect(Buffer.from(key!, "base64url")).toHaveLength(keyLength);
    expect(await verifyPassword("", DUMMY_PASSWORD_HASH)).toBe(false);
  });
});

describe("signing in", () => {
  it("gives a token that works as a bearer token, and httpOnly SameSite cookies", async () => {
    const org = await createOrganisation(ctx.sql, { kind: "medical" });
    const user = await userWithPassword(ctx.sql, ["expert"], { organisationId: org.id });
    const res = await signIn(user.email.toUpperCase(), TEST_PASSWORD);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ id: user.id, roles: ["expert"] });
    expect(body.user.organisation).toMatchObject({ id: org.id, kind: "medical" });
    expect(body.user).not.toHaveProperty("passwordHash");
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/chorus_session=cs_[^;]+;.*HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    const me = await app.request("/api/v1/session", {
      headers: { authorization: `Bearer ${body.token}` },
    });
    expect((await me.json()).user.email).toBe(user.email);
  });

  it("marks cookies Secure when the public URL is https", async () => {
    const secure = await createTestContext({ PUBLIC_URL: "https://chorus.example" });
    try {
      const user = await userWithPassword(secure.sql, ["coordinator"]);
      const res = await createApp(secure.deps).request(
        "/api/v1/session",
        jsonBody("POST", { email: user.email, password: TEST_PASSWORD }),
      );
      expect(res.headers.getSetCookie().join("\n")).toMatch(/chorus_session=[^\n]*Secure/);
    } finally {
      await secure.close();
    }
  });

  it("answers a wrong password and an unknown email identically with 401", async () => {
    const user = await userWithPassword(ctx.sql, ["expert"]);
    const wrong = await signIn(user.email, "not the password");
    const unknown = await signIn("nobody@nowhere.test", "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect({ ...a, requestId: 0 }).toEqual({ ...b, requestId: 0 });
    expect(a.code).toBe("unauthenticated");
  });

  it("refuses a deactivated person and a person without a password", async () => {
    const inactive = await userWithPassword(ctx.sql, ["expert"], { active: false });
    expect((await signIn(inactive.email, TEST_PASSWORD)).status).toBe(401);
    const [noPassword] = await ctx.sql`
      insert into users (email, name, organisation_id, roles)
      select 'nopass@test.chorus', '无密码', id, '{expert}' from organisations limit 1
      returning email`;
    expect((await signIn(noPassword!.email, "")).status).toBe(400);
    expect((await signIn(noPassword!.email, "anything")).status).toBe(401);
  });

  it("rejects a malformed body with field errors", async () => {
    const res = await app.request("/api/v1/session", jsonBody("POST", { email: 3 }, from()));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("validation_failed");
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "password"]);
  });

  it("slows an account down after five failures from five addresses, without locking its person out", async () => {
    const clock = clockedApp();
    const user = await userWithPassword(ctx.sql, ["expert"]);
    for (let i = 0; i < 5; i++) expect((await clock.signIn(user.email, "wrong")).status).toBe(401);
    const early = await clock.signIn(user.email, TEST_PASSWORD);
    expect(early.status).toBe(429);
    expect(Number(early.headers.get("retry-after"))).toBe(1);
    expect((await early.json()).code).toBe("rate_limited");
    clock.advance(1_500);
    expect((await clock.signIn(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("stops one address guessing one account for the window, while its person signs in elsewhere", async () => {
    const clock = clockedApp();
    const user = await userWithPassword(ctx.sql, ["expert"]);
    const guesser = from();
    for (let i = 0; i < 5; i++) {
      expect((await clock.signIn(user.email, "wrong", guesser)).status).toBe(401);
    }
    clock.advance(60_000);
    const stopped = await clock.signIn(user.email, TEST_PASSWORD, guesser);
    expect(stopped.status).toBe(429);
    expect(Number(stopped.headers.get("retry-after"))).toBe(14 * 60);
    expect((await clock.signIn(user.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("slows an address with twenty failures across accounts, and the count survives a new app (restart)", async () => {
    const clock = clockedApp();
    const address = { "x-forwarded-for": "192.0.2.77" };
    for (let i = 0; i < 20; i++) {
      expect((await clock.signIn(`ghost${i}@test.chorus`, "wrong", address)).status).toBe(401);
    }
    const user = await userWithPassword(ctx.sql, ["expert"]);
    const restarted = clockedApp(clock.now());
    expect((await restarted.signIn(user.email, TEST_PASSWORD, address)).status).toBe(429);
    restarted.advance(1_500);
    expect((await restarted.signIn(user.email, TEST_PASSWORD, address)).status).toBe(200);
  }, 90_000);

  it("lengthens the wait with every further failure, up to a minute", () => {
    expect(throttleDelayMs(4, 5)).toBe(0);
    expect([5, 6, 7, 10].map((n) => throttleDelayMs(n, 5))).toEqual([1000, 2000, 4000, 32_000]);
    expect(throttleDelayMs(40, 5)).toBe(LOGIN_LIMITS.maxDelayMs);
  });

  it("records sign-ins and failed sign-ins in the audit trail", async () => {
    const user = await userWithPassword(ctx.sql, ["reviewer"]);
    await signIn(user.email, "wrong");
    await signIn(user.email, TEST_PASSWORD);
    const rows = await ctx.sql`
      select action, actor_type, actor_id, ip from audit_log
      where (object_id = ${user.email.toLowerCase()} or actor_id = ${user.id})
      order by id`;
    expect(rows.map((r) => [r.action, r.actorType])).toEqual([
      ["session.login_failed", "public"],
      ["session.login", "user"],
    ]);
    expect(rows[1]!.ip).toMatch(/^10\.0\./);
  });
});

describe("sessions", () => {
  it("end on logout: the token stops working and the cookies are cleared", async () => {
    const user = await userWithPassword(ctx.sql, ["coordinator"]);
    const { token } = await (await signIn(user.email, TEST_PASSWORD)).json();
    const auth = { authorization: `Bearer ${token}` };
    const out = await app.request("/api/v1/session", { method: "DELETE", headers: auth });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join("\n")).toMatch(/chorus_session=;/);
    expect((await app.request("/api/v1/session", { headers: auth })).status).toBe(401);
  });

  it("end after twelve idle hours and after their absolute expiry", async () => {
    const user = await userWithPassword(ctx.sql, ["coordinator"]);
    const idle = (await (await signIn(user.email, TEST_PASSWORD)).json()).token;
    const old = (await (await signIn(user.email, TEST_PASSWORD)).json()).token;
    await ctx.sql`update sessions set last_seen_at = now() - interval '13 hours'
                  where token_hash = ${hashToken(idle)}`;
    await ctx.sql`update sessions set expires_at = now() - interval '1 second'
                  where token_hash = ${hashToken(old)}`;
    for (const token of [idle, old]) {
      const res = await app.request("/api/v1/session", {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    }
  });

  it("stop working once the person is deactivated", async () => {
    const user = await userWithPassword(ctx.sql, ["coordinator"]);
    const { token } = await (await signIn(user.email, TEST_PASSWORD)).json();
    const auth = { authorization: `Bearer ${token}` };
    const me = await (await app.request("/api/v1/session", { headers: auth })).json();
    expect(me.user.roles).toEqual(["coordinator"]);
    expect(Date.parse(me.expiresAt)).toBeGreaterThan(Date.now() + 6 * 24 * 3_600_000);
    await ctx.sql`update users set active = false where id = ${user.id}`;
    expect((await app.request("/api/v1/session", { headers: auth })).status).toBe(401);
  });

  it("refuse an anonymous caller who asks who they are", async () => {
    const res = await app.request("/api/v1/session");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });
});
