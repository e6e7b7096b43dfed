import net from "node:net";
import { io as connectClient } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { signedInUser } from "../support/factories.ts";

let ctx: TestContext;
let app: App;
let server: RunningServer;

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
  server = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await server.close();
  await ctx.close();
});

/** Connects a real socket.io client to /staff with a session and an Origin; resolves how it went. */
function staffSocket(token: string, origin: string) {
  const socket = connectClient(`${server.url}/staff`, {
    auth: { token },
    transports: ["websocket"],
    extraHeaders: { origin },
    reconnection: false,
    forceNew: true,
  });
  return new Promise<"ready" | "refused">((resolve) => {
    socket.once("ready", () => resolve("ready"));
    socket.once("connect_error", () => resolve("refused"));
  }).finally(() => socket.close());
}

const signInForm = (headers: Record<string, string>, body = "email=a%40x.cn") =>
  app.request("/console/sign-in", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });

describe("lower-severity hardening (issue 14, item 14)", () => {
  it("socket.io refuses a page of another origin, and accepts our own and non-browser clients", async () => {
    const staff = await signedInUser(ctx.sql, ["coordinator"]);
    expect(await staffSocket(staff.token, "http://127.0.0.1:9999")).toBe("refused");
    expect(await staffSocket(staff.token, "http://chorus.test")).toBe("ready");
  });

  it("refuses a sign-in form posted from another site (login CSRF)", async () => {
    const foreign = await signInForm({ origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: "csrf_failed" });
    expect((await signInForm({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await signInForm({ origin: "http://chorus.test" })).status).toBe(400);
  });

  it("limits sign-in form posts per address", async () => {
    const address = { "x-forwarded-for": "198.51.100.9" };
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await signInForm(address)).status);
    expect(statuses.slice(0, 60).every((s) => s === 400)).toBe(true);
    expect(statuses[60]).toBe(429);
  });

  it("keeps /metrics from other hosts, and asks for METRICS_TOKEN when one is set", async () => {
    const remote = { "x-forwarded-for": "203.0.113.5" };
    expect((await app.request("/metrics", { headers: remote })).status).toBe(403);
    const token = "metrics-token-0123456789";
    const guarded = createApp({ ...ctx.deps, config: { ...ctx.deps.config, metricsToken: token } });
    expect((await guarded.request("/metrics")).status).toBe(401);
    const ok = await guarded.request("/metrics", {
      headers: { ...remote, authorization: `Bearer ${token}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("chorus_http_requests_total");
  });

  it("closes a connection that never finishes its headers (slowloris)", async () => {
    const socket = net.connect(server.port, "127.0.0.1");
    let closed = false;
    let answer = "";
    socket.on("data", (d: Buffer) => {
      answer += d.toString();
    });
    socket.on("close", () => {
      closed = true;
    });
    socket.on("error", () => {});
    socket.write("GET /healthz HTTP/1.1\r\nHost: chorus.test\r\nX-Slow: 1");
    await expect
      .poll(() => ({ closed, status: answer.split("\r\n")[0] }), { timeout: 25_000, interval: 250 })
      .toEqual({ closed: true, status: "HTTP/1.1 408 Request Timeout" });
  });
});
