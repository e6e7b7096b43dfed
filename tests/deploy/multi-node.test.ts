import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOGIN_LIMITS } from "../../src/access/login.ts";
import { newSigningKeyPem } from "../../src/authenticity/keys.ts";
import { REPORT_LIMIT } from "../../src/cases/routes/create-report.ts";
import type { EventEnvelope } from "../../src/events/envelope.ts";
import { closeRateLimits } from "../../src/http/rate-limit.ts";
import { TEST_PASSWORD, userWithPassword } from "../support/access-factories.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { createApiToken, createOrganisation } from "../support/factories.ts";
import { createSubscriptionRow } from "../support/fanout-factories.ts";
import { healthChainCast } from "../support/review-factories.ts";
import { WAIT } from "../support/wait.ts";
import { type ChorusNode, call, publishThrough, startNode } from "./nodes.ts";

let ctx: TestContext;
let env: Record<string, string>;
const nodes: ChorusNode[] = [];
const sockets: Socket[] = [];
let cast: Awaited<ReturnType<typeof healthChainCast>>;
let token: string;

beforeAll(async () => {
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
  cast = await healthChainCast(ctx);
  const media = await createOrganisation(ctx.sql, { kind: "media" });
  token = (await createApiToken(ctx.sql, media.id, ["feed:read"])).token;
  env = {
    NODE_ENV: "test",
    DATABASE_URL: ctx.databaseUrl,
    MEILI_URL: inject("meiliUrl"),
    MEILI_KEY: inject("meiliKey"),
    MEILI_INDEX_PREFIX: ctx.indexPrefix,
    DATA_DIR: ctx.deps.config.dataDir,
    PUBLIC_URL: "http://chorus.test",
    SEED_DEMO: "false",
    WEBHOOK_ALLOW_PRIVATE: "true",
    SIGNING_KEY: newSigningKeyPem(),
    WORKER_HEARTBEAT_MS: "300",
    WORKER_DEAD_AFTER_MS: "2000",
    WORKER_CONCURRENCY: "4",
    DATABASE_POOL_SIZE: "4",
  };
  const started = await Promise.all([
    startNode("api", env),
    startNode("api", env),
    startNode("worker", env),
    startNode("worker", env),
  ]);
  nodes.push(...started);
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await Promise.all(nodes.map((n) => n.kill("SIGKILL")));
  await closeRateLimits(ctx.deps);
  await ctx.close();
});

const api = (i: 0 | 1) => nodes.filter((n) => n.role === "api")[i] as ChorusNode;
const workers = () => nodes.filter((n) => n.role === "worker");

/** Publishes rebuttal `n` through the live nodes' URLs in turn. */
const publishThroughNodes = (live: ChorusNode[], n: number) =>
  publishThrough(
    ctx.sql,
    cast,
    live.map((node) => node.url),
    n,
  );

async function publicSeqs(): Promise<number[]> {
  const rows = await ctx.sql`select seq from events where seq is not null order by seq`;
  return rows.map((r) => r.seq as number);
}

/** A media client that follows one API node, then — told to — another, replaying by lastSeq. */
function mediaClient(categories: string[]) {
  const events: EventEnvelope[] = [];
  let socket: Socket | undefined;
  const lastSeq = () => events.at(-1)?.seq ?? undefined;
  const open = (base: string, replay: boolean) =>
    new Promise<void>((resolve, reject) => {
      const s = connectClient(`${base}/media`, {
        auth: {
          token,
          categories,
          ...(replay && lastSeq() !== undefined ? { lastSeq: lastSeq() } : {}),
        },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      sockets.push(s);
      socket = s;
      s.on("event", (e: EventEnvelope) => events.push(e));
      s.once("ready", () => resolve());
      s.once("connect_error", reject);
    });
  return {
    events,
    seqs: () => events.map((e) => e.seq),
    open,
    connected: () => socket?.connected ?? false,
  };
}

describe("two API nodes and two workers on one Postgres and one Meilisearch", () => {
  const clients = Array.from({ length: 6 }, (_, i) =>
    mediaClient(i % 2 ? ["infectious-disease"] : []),
  );

  it("report ready on both API nodes once a worker process has been seen", async () => {
    for (const i of [0, 1] as const) {
      await expect
        .poll(() => api(i).output(), { timeout: 90_000, interval: 200 })
        .toContain("(role api)");
      await expect
        .poll(async () => (await fetch(`${api(i).url}/readyz`)).json(), { timeout: 30_000 })
        .toMatchObject({ status: "ready", components: { queue: "up" } });
    }
  }, 150_000);

  it("deliver approvals sent to either node to every client on both nodes, once each, in seq order", async () => {
    await Promise.all(clients.map((c, i) => c.open(api((i % 2) as 0 | 1).url, false)));
    for (let n = 0; n < 3; n++) await publishThroughNodes([api(0), api(1)], n);
    const seqs = await publicSeqs();
    expect(seqs).toHaveLength(3);
    for (const c of clients) {
      await expect.poll(() => c.seqs(), { timeout: 20_000 }).toEqual(seqs);
    }
  }, 120_000);

  it("hold the report limit and the login lock-out across both nodes", async () => {
    const statuses: number[] = [];
    for (let n = 0; n < REPORT_LIMIT.limit + 1; n++) {
      const res = await call(api((n % 2) as 0 | 1).url, "POST", "/api/v1/reports", undefined, {
        text: `网传多节点测试消息第${n}条：喝醋能杀灭病毒`,
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, REPORT_LIMIT.limit).every((s) => s < 300)).toBe(true);
    expect(statuses.at(-1)).toBe(429);

    const user = await userWithPassword(ctx.sql, ["coordinator"]);
    const login = (i: 0 | 1, password: string) =>
      call(api(i).url, "POST", "/api/v1/session", undefined, { email: user.email, password });
    // The same address and account on either node: the pair's hard limit is counted in Postgres.
    for (let n = 0; n < LOGIN_LIMITS.perPair; n++) {
      expect((await login((n % 2) as 0 | 1, "wrong password")).status).toBe(401);
    }
    expect((await login(0, TEST_PASSWORD)).status).toBe(429);
    expect((await login(1, TEST_PASSWORD)).status).toBe(429);
  }, 120_000);

  it("move the clients of a killed API node to the other one without a gap (replay by seq)", async () => {
    const onFirst = clients.filter((_, i) => i % 2 === 0);
    await api(0).kill("SIGKILL");
    await expect
      .poll(() => onFirst.map((c) => c.connected()), WAIT)
      .toEqual(onFirst.map(() => false));
    // Published while those clients are away: reached only through node 2.
    for (let n = 3; n < 5; n++) await publishThroughNodes([api(1)], n);
    await Promise.all(onFirst.map((c) => c.open(api(1).url, true)));
    await publishThroughNodes([api(1)], 5);
    const seqs = await publicSeqs();
    expect(seqs).toHaveLength(6);
    for (const c of clients) {
      await expect.poll(() => c.seqs(), { timeout: 20_000 }).toEqual(seqs);
    }
  }, 120_000);
  it("lose nothing when a worker is killed in the middle of a fan-out", async () => {
    const got = new Set<string>();
    const held: http.ServerResponse[] = [];
    let hold = true;
    const receiver = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        got.add(`${req.url} ${req.headers["webhook-id"]}`);
        if (hold) held.push(res);
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const hooks = Array.from({ length: 8 }, (_, i) => `/hook/${i}`);
    const subscriptionIds: string[] = [];
    for (const hook of hooks) {
      const sub = await createSubscriptionRow(ctx.sql, {
        organisationId: org.id,
        target: `${base}${hook}`,
      });
      subscriptionIds.push(sub.id);
    }
    await publishThroughNodes([api(1)], 6);
    const [event] =
      await ctx.sql`select id from events where seq is not null order by seq desc limit 1`;

    // The worker holding delivery jobs (its heartbeat names the pid) is the one killed.
    const busyPid = async () => {
      const [row] = await ctx.sql`
        select h.pid from graphile_worker._private_jobs j
        join chorus_worker_heartbeats h on j.locked_by = any(h.worker_ids)
        where j.locked_by is not null limit 1`;
      return (row?.pid as number | undefined) ?? 0;
    };
    await expect.poll(() => got.size, { timeout: 30_000 }).toBeGreaterThan(0);
    // The pid the poll saw is the one killed: read again, the job could have settled (its
    // request timed out) and freed its lock, leaving no pid at all.
    let pid = 0;
    await expect
      .poll(
        async () => {
          pid = await busyPid();
          return pid;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    const killed = workers().find((w) => w.child.pid === pid);
    expect(killed?.role).toBe("worker");
    await killed?.kill("SIGKILL");
    hold = false;
    for (const res of held.splice(0)) res.writeHead(204).end();

    // Fan-out jobs of earlier events may reach these subscriptions too: count the last event's.
    await expect
      .poll(
        async () =>
          (
            await ctx.sql`select status, count(*)::int as n from deliveries
                          where subscription_id = any(${subscriptionIds})
                            and event_id = ${event!.id} group by status`
          ).map((r) => `${r.status}:${r.n}`),
        { timeout: 60_000, interval: 250 },
      )
      .toEqual(["delivered:8"]);
    expect([...got].filter((g) => g.endsWith(` ${event!.id}`)).sort()).toEqual(
      hooks.map((h) => `${h} ${event!.id}`).sort(),
    );
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }, 120_000);

  it("stop each role on SIGTERM with exit code 0", async () => {
    const live = [
      api(1),
      ...workers().filter((w) => w.child.exitCode === null && w.child.signalCode === null),
    ];
    expect(live.map((n) => n.role)).toEqual(["api", "worker"]);
    expect(await Promise.all(live.map((n) => n.kill("SIGTERM")))).toEqual([0, 0]);
  }, 60_000);
});
