import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.ts";
import { createApp } from "../../src/http/app.ts";
import { isUnavailable } from "../../src/http/errors.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { WAIT } from "../support/wait.ts";

let ctx: TestContext;
const pools: Db[] = [];
const servers: net.Server[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  for (const pool of pools) await pool.end({ timeout: 1 });
  for (const server of servers) server.close();
  await ctx.close();
});

/** A TCP server on 127.0.0.1 that accepts connections and never says a word (a hung host). */
async function silentServer() {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  server.on("close", () => {
    for (const s of sockets) s.destroy();
  });
  return (server.address() as net.AddressInfo).port;
}

/** A port nothing listens on. */
async function closedPort() {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function appOn(port: number) {
  const sql = createDb(`postgres://chorus@127.0.0.1:${port}/chorus`, {
    max: 2,
    connectTimeoutS: 1,
  });
  pools.push(sql);
  return createApp({ ...ctx.deps, sql });
}

async function expectUnavailable(res: Response, type: RegExp) {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(res.headers.get("content-type")).toMatch(type);
}

describe("while Postgres cannot be reached", () => {
  it("the API answers 503 service_unavailable with Retry-After when the port is closed", async () => {
    const app = appOn(await closedPort());
    const login = await app.request("/api/v1/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "coordinator@demo.chorus", password: "chorus-demo-2020" }),
    });
    await expectUnavailable(login, /^application\/problem\+json/);
    expect(await login.json()).toMatchObject({ status: 503, code: "service_unavailable" });
    const rebuttal = await app.request(`/api/v1/rebuttals/${crypto.randomUUID()}`);
    await expectUnavailable(rebuttal, /^application\/problem\+json/);
  });

  it("keeps answering 503 request after request, not waiting longer for each connection that failed", async () => {
    // postgres.js waits 3^failures/100 s (up to 20 s) before connecting again, counting failures
    // pool-wide: without Chorus's cap the fourth request here already waits 10–20 s, and eight
    // outlast the test's timeout.
    const app = appOn(await closedPort());
    for (let i = 0; i < 8; i++) {
      const res = await app.request(`/api/v1/rebuttals/${crypto.randomUUID()}`);
      await expectUnavailable(res, /^application\/problem\+json/);
    }
  });

  it("a page answers an HTML 503 with Retry-After", async () => {
    const app = appOn(await closedPort());
    const res = await app.request("/r/some-rumour", { headers: { accept: "text/html" } });
    await expectUnavailable(res, /^text\/html/);
  });

  it("a host that accepts but never answers gives 503 after the connect timeout, not a hang", async () => {
    const app = appOn(await silentServer());
    const res = await app.request(`/api/v1/rebuttals/${crypto.randomUUID()}`);
    await expectUnavailable(res, /^application\/problem\+json/);
  });

  it("counts a connection the server terminated as unavailable", async () => {
    const victim = createDb(ctx.databaseUrl, { max: 1, applicationName: "victim" });
    pools.push(victim);
    const [row] = await victim<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const pid = row!.pid;
    const sleeping = victim`select pg_sleep(30)`.then(
      () => undefined,
      (err: unknown) => err,
    );
    await expect
      .poll(
        async () =>
          (await ctx.sql`select state from pg_stat_activity where pid = ${pid}`)[0]?.state,
        WAIT,
      )
      .toBe("active");
    await ctx.sql`select pg_terminate_backend(${pid})`;
    const err = (await sleeping) as { code?: string };
    expect(["57P01", "CONNECTION_CLOSED"]).toContain(err.code);
    expect(isUnavailable(err)).toBe(true);
    expect(isUnavailable(new Error("bug"))).toBe(false);
    expect(isUnavailable({ code: "23505" })).toBe(false);
  });
});
