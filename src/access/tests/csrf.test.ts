import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSession } from "../../../tests/support/access-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { CSRF_FIELD, csrfToken } from "../../auth/csrf.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  app.post("/test/form", (c) => c.json({ ok: true, kind: c.get("actor").kind }));
  app.get("/test/page", (c) => c.text(csrfToken(c) ?? "none"));
});
afterAll(() => ctx.close());

const browser = () => browserSession(app, ctx.sql, ["coordinator"]);

const signOut = (headers: Record<string, string>) =>
  app.request("/api/v1/session", { method: "DELETE", headers });

describe("CSRF protection of cookie sessions", () => {
  it("refuses an unsafe request with the cookie but no CSRF token", async () => {
    const s = await browser();
    const res = await signOut({ cookie: s.cookie });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("csrf_failed");
  });

  it("refuses a forged token, including another session's token", async () => {
    const s = await browser();
    const other = await browser();
    expect((await signOut({ cookie: s.cookie, "x-csrf-token": "forged" })).status).toBe(403);
    expect((await signOut({ cookie: s.cookie, "x-csrf-token": other.csrf })).status).toBe(403);
  });

  it("refuses the right token sent from another origin", async () => {
    const s = await browser();
    const res = await signOut({
      cookie: s.cookie,
      "x-csrf-token": s.csrf,
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
  });

  it("accepts the session's token in the header from the same origin", async () => {
    const s = await browser();
    const res = await signOut({
      cookie: s.cookie,
      "x-csrf-token": s.csrf,
      origin: "http://chorus.test",
    });
    expect(res.status).toBe(204);
  });

  it("accepts the token as a form field, which server-rendered pages embed", async () => {
    const s = await browser();
    const page = await app.request("/test/page", { headers: { cookie: s.cookie } });
    const embedded = await page.text();
    expect(embedded).toBe(s.csrf);
    const form = (value: string) =>
      app.request("/test/form", {
        method: "POST",
        headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ [CSRF_FIELD]: value, text: "谣言" }).toString(),
      });
    expect((await form("forged")).status).toBe(403);
    const ok = await form(embedded);
    expect(await ok.json()).toEqual({ ok: true, kind: "user" });
  });

  it("does not ask bearer-token requests or safe methods for a token", async () => {
    const s = await browser();
    expect((await app.request("/api/v1/session", { headers: { cookie: s.cookie } })).status).toBe(
      200,
    );
    expect((await signOut({ authorization: `Bearer ${s.token}` })).status).toBe(204);
  });

  it("exposes the token in getSession for cookie sessions only", async () => {
    const s = await browser();
    const viaCookie = await (
      await app.request("/api/v1/session", { headers: { cookie: s.cookie } })
    ).json();
    expect(viaCookie.csrfToken).toBe(s.csrf);
    const viaBearer = await (
      await app.request("/api/v1/session", { headers: { authorization: `Bearer ${s.token}` } })
    ).json();
    expect(viaBearer.csrfToken).toBeUndefined();
  });
});
