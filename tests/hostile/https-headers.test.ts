import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { TEST_PASSWORD, userWithPassword } from "../support/access-factories.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

let ctx: TestContext;
/** The same deps served at an https PUBLIC_URL and at an http one. */
let https: App;
let http: App;

beforeAll(async () => {
  ctx = await createTestContext();
  https = createApp({
    ...ctx.deps,
    config: { ...ctx.deps.config, publicUrl: "https://chorus.test" },
  });
  http = createApp(ctx.deps);
});
afterAll(() => ctx.close());

/** Responses of several kinds: a page, an API answer, an API error, a 404, a redirect. */
const samples = ["/", "/healthz", "/api/v1/cases", "/no-such-page", "/console"];

/** Signs in through the console form of `app` served at `origin`; the Set-Cookie lines. */
async function signInCookies(app: App, origin: string): Promise<string[]> {
  const user = await userWithPassword(ctx.sql, ["coordinator"]);
  const res = await app.request("/console/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin },
    body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD, next: "/console" }),
  });
  expect(res.status).toBe(303);
  return res.headers.getSetCookie();
}

describe("when PUBLIC_URL is https", () => {
  it("every kind of response carries Strict-Transport-Security for a year with subdomains", async () => {
    for (const path of samples) {
      const res = await https.request(path);
      const hsts = res.headers.get("strict-transport-security") ?? "";
      expect(hsts, path).toContain("includeSubDomains");
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1]), path).toBeGreaterThanOrEqual(31_536_000);
    }
  });

  it("the session and CSRF cookies are Secure, and so is signing out", async () => {
    const lines = await signInCookies(https, "https://chorus.test");
    const session = lines.find((l) => l.startsWith("chorus_session="));
    const csrf = lines.find((l) => l.startsWith("chorus_csrf="));
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(csrf).toMatch(/; Secure/);
    const cookie = lines.map((l) => l.split(";")[0]).join("; ");
    const token = /chorus_csrf=([^;]+)/.exec(cookie)![1]!;
    const out = await https.request("/console/sign-out", {
      method: "POST",
      headers: { cookie, origin: "https://chorus.test", "x-csrf-token": decodeURIComponent(token) },
    });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().every((l) => l.includes("; Secure"))).toBe(true);
  });
});

describe("when PUBLIC_URL is http (local development, tests)", () => {
  it("no response carries Strict-Transport-Security", async () => {
    for (const path of samples) {
      expect((await http.request(path)).headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("the session and CSRF cookies are not Secure, or a browser on http would drop them", async () => {
    const lines = await signInCookies(http, "http://chorus.test");
    expect(lines.filter((l) => /^chorus_(session|csrf)=/.test(l))).toHaveLength(2);
    expect(lines.some((l) => /; Secure/.test(l))).toBe(false);
  });
});
