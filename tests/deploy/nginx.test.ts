import fs from "node:fs";
import http from "node:http";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newSigningKeyPem } from "../../src/authenticity/keys.ts";
import { REPORT_LIMIT } from "../../src/cases/routes/create-report.ts";
import type { EventEnvelope } from "../../src/events/envelope.ts";
import { closeRateLimits } from "../../src/http/rate-limit.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { createApiToken, createOrganisation } from "../support/factories.ts";
import { healthChainCast } from "../support/review-factories.ts";
import { WAIT } from "../support/wait.ts";
import { NGINX_TEMPLATE, type RunningNginx, requestFrom, startNginx } from "./nginx.ts";
import { type ChorusNode, publishThrough, startNode, untilPrinted } from "./nodes.ts";

// nginx's ip_hash keys on the first three octets: 127.0.N.1 are distinct clients on loopback.
const ADDRESSES = Array.from({ length: 12 }, (_, i) => `127.0.${i + 1}.1`);
const GRACE_MS = 15_000;

let ctx: TestContext;
let nginx: RunningNginx;
let cast: Awaited<ReturnType<typeof healthChainCast>>;
let token: string;
const apis: ChorusNode[] = [];
let worker: ChorusNode;
const sockets: Socket[] = [];
/** Which API node (its upstream address) nginx sends each client address to. */
const nodeOf = new Map<string, string>();

beforeAll(async () => {
  ctx = await createTestContext();
  cast = await healthChainCast(ctx);
  const media = await createOrganisation(ctx.sql, { kind: "media" });
  token = (await createApiToken(ctx.sql, media.id, ["feed:read"])).token;
  const env = {
    NODE_ENV: "test",
    DATABASE_URL: ctx.databaseUrl,
    MEILI_URL: inject("meiliUrl"),
    MEILI_KEY: inject("meiliKey"),
    MEILI_INDEX_PREFIX: ctx.indexPrefix,
    DATA_DIR: ctx.deps.config.dataDir,
    PUBLIC_URL: "http://chorus.test",
    SEED_DEMO: "false",
    SIGNING_KEY: newSigningKeyPem(),
    TRUST_PROXY: "true",
    SHUTDOWN_GRACE_MS: String(GRACE_MS),
    WORKER_HEARTBEAT_MS: "500",
    DATABASE_POOL_SIZE: "4",
  };
  apis.push(...(await Promise.all([startNode("api", env, "dist"), startNode("api", env, "dist")])));
  worker = await startNode("worker", env, "dist");
  for (const api of apis) await untilPrinted(api, "(role api)", 120_000);
  nginx = await startNginx(apis.map((a) => new URL(a.url).host) as [string, string]);
}, 180_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await nginx?.stop();
  await Promise.all([...apis, worker].map((n) => n?.kill("SIGKILL")));
  await closeRateLimits(ctx.deps);
  await ctx.close();
});

const upstreamOf = (line: string) => line.split(" ").at(-1) ?? "";
const viaNginx = (from: string, p: string, headers: Record<string, string> = {}) =>
  requestFrom(from, `${nginx.url}${p}`, { headers });

/** A /media client whose every connection comes from `from`, resuming by the last seq it saw. */
function mediaClient(from: string, transports: ("polling" | "websocket")[]) {
  const events: EventEnvelope[] = [];
  let pings = 0;
  const agent = new http.Agent({ localAddress: from });
  const socket = connectClient(`${nginx.url}/media`, {
    auth: (cb) => cb({ token, lastSeq: events.at(-1)?.seq ?? undefined }),
    transports,
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
    localAddress: from,
    agent: agent as unknown as string,
  } as Parameters<typeof connectClient>[1]);
  sockets.push(socket);
  socket.on("event", (e: EventEnvelope) => events.push(e));
  socket.io.on("ping", () => {
    pings++;
  });
  return {
    socket,
    seqs: () => events.map((e) => e.seq),
    pings: () => pings,
    transport: () => (socket.connected ? socket.io.engine.transport.name : "disconnected"),
  };
}

async function publicSeqs(): Promise<number[]> {
  const rows = await ctx.sql`select seq from events where seq is not null order by seq`;
  return rows.map((r) => r.seq as number);
}

describe("infra's nginx template in front of two built API nodes and a built worker", () => {
  it("sends each client address to one API node, and spreads the addresses over both", async () => {
    for (const from of ADDRESSES) {
      await expect
        .poll(async () => JSON.parse((await viaNginx(from, "/readyz")).body), { timeout: 30_000 })
        .toMatchObject({ status: "ready", components: { queue: "up" } });
      expect((await viaNginx(from, "/healthz")).status).toBe(200);
    }
    await expect
      .poll(() => nginx.accessLog().filter((l) => l.includes("/healthz")).length, WAIT)
      .toBe(ADDRESSES.length);
    for (const from of ADDRESSES) {
      const served = nginx.accessLog().filter((l) => l.startsWith(`${from} `));
      expect(new Set(served.map(upstreamOf)).size).toBe(1);
      nodeOf.set(from, upstreamOf(served[0] ?? ""));
    }
    expect(new Set(nodeOf.values())).toEqual(new Set(apis.map((a) => new URL(a.url).host)));
  });

  /** Client addresses that nginx sends to `host:port`. */
  const addressesOn = (upstream: string) => ADDRESSES.filter((a) => nodeOf.get(a) === upstream);
  const upstreams = () => apis.map((a) => new URL(a.url).host);
  let clients: ReturnType<typeof mediaClient>[] = [];

  it("upgrades socket.io to a websocket through nginx on both nodes, long-polling first or not, and delivers each publication once", async () => {
    clients = upstreams().flatMap((u) => {
      const [a, b] = addressesOn(u);
      return [
        mediaClient(a as string, ["polling", "websocket"]),
        mediaClient(b as string, ["websocket"]),
      ];
    });
    await expect
      .poll(() => clients.map((c) => c.transport()), { timeout: 20_000 })
      .toEqual(clients.map(() => "websocket"));
    for (let n = 0; n < 2; n++) await publishThrough(ctx.sql, cast, [nginx.url], n);
    const seqs = await publicSeqs();
    expect(seqs).toHaveLength(2);
    for (const c of clients) await expect.poll(() => c.seqs(), { timeout: 20_000 }).toEqual(seqs);
  });

  it("keeps an idle websocket through nginx across socket.io's pings: nginx waits longer than ping interval plus ping timeout", async () => {
    const open = await viaNginx(ADDRESSES[0] as string, "/socket.io/?EIO=4&transport=polling");
    expect(open.status).toBe(200);
    const handshake = JSON.parse(open.body.slice(1)) as {
      pingInterval: number;
      pingTimeout: number;
    };
    const site = fs.readFileSync(NGINX_TEMPLATE, "utf8");
    const socketBlock = site.slice(
      site.indexOf("location /socket.io/"),
      site.indexOf("location / "),
    );
    const seconds = (directive: string) =>
      Number(new RegExp(`${directive} (\\d+)s;`).exec(socketBlock)?.[1]) * 1000;
    for (const directive of ["proxy_read_timeout", "proxy_send_timeout"]) {
      expect(seconds(directive)).toBeGreaterThan(handshake.pingInterval + handshake.pingTimeout);
    }
    // Two pings answered through nginx: the idle connection outlived one whole ping interval.
    await expect
      .poll(() => clients.map((c) => c.pings() >= 2), {
        timeout: 2 * (handshake.pingInterval + handshake.pingTimeout),
        interval: 1000,
      })
      .toEqual(clients.map(() => true));
    expect(clients.map((c) => c.transport())).toEqual(clients.map(() => "websocket"));
  }, 120_000);

  it("passes public pages' and feeds' Cache-Control and strong ETag through nginx, and 304 for a matching If-None-Match", async () => {
    for (const p of [
      "/",
      "/feeds/atom.xml",
      "/feeds/rss.xml",
      "/feeds/feed.json",
      "/sitemap.xml",
    ]) {
      const browser = { "accept-encoding": "gzip, br" };
      const first = await viaNginx(ADDRESSES[1] as string, p, browser);
      expect(first.status, p).toBe(200);
      expect(first.headers["cache-control"], p).toMatch(/^public, max-age=\d+$/);
      expect(first.headers.etag, p).toMatch(/^"[^"]+"$/);
      const again = await viaNginx(ADDRESSES[1] as string, p, {
        ...browser,
        "if-none-match": first.headers.etag as string,
      });
      expect(again.status, p).toBe(304);
      expect(again.body, p).toBe("");
    }
  });

  it("counts the report limit by the address nginx saw, whatever X-Forwarded-For the caller sends", async () => {
    const from = ADDRESSES.at(-1) as string;
    const statuses: number[] = [];
    for (let n = 0; n <= REPORT_LIMIT.limit; n++) {
      const res = await requestFrom(from, `${nginx.url}/api/v1/reports`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${n + 1}` },
        body: JSON.stringify({ text: `网传经过代理的第${n}条消息：喝醋能杀灭病毒` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((s) => s < 300)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("lets a report's upload of several megabytes through to Chorus, which answers it in problem+json", async () => {
    // Between nginx's old 2 MB and the upload limit (src/http/uploads.ts): Chorus must read it.
    const boundary = "chorus-nginx-boundary";
    const body =
      `--${boundary}\r\ncontent-disposition: form-data; name="note"\r\n\r\n` +
      `${"x".repeat(3 * 1024 * 1024)}\r\n--${boundary}--\r\n`;
    const res = await requestFrom(ADDRESSES.at(-2) as string, `${nginx.url}/api/v1/reports`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it("stops a built API node on SIGTERM with exit 0 within SHUTDOWN_GRACE_MS; nginx moves its clients to the other node, which replays what they missed", async () => {
    const [stopped, staying] = apis as [ChorusNode, ChorusNode];
    const moved = clients.filter((_, i) => i < 2);
    expect((await stopped.kill("SIGTERM")) ?? "signal").toBe(0);
    await publishThrough(ctx.sql, cast, [nginx.url], 2);
    const seqs = await publicSeqs();
    expect(seqs).toHaveLength(3);
    for (const c of clients) await expect.poll(() => c.seqs(), { timeout: 30_000 }).toEqual(seqs);
    // A client that long-polls first gets the replay over polling, then upgrades: poll that too.
    await expect
      .poll(() => moved.map((c) => c.transport()), WAIT)
      .toEqual(moved.map(() => "websocket"));
    const from = addressesOn(new URL(stopped.url).host)[0] as string;
    expect((await viaNginx(from, "/healthz")).status).toBe(200);
    await expect
      .poll(
        () =>
          upstreamOf(
            nginx
              .accessLog()
              .filter((l) => l.startsWith(`${from} `))
              .at(-1) ?? "",
          ),
        WAIT,
      )
      .toBe(new URL(staying.url).host);
  });

  it("stops the built worker on SIGTERM with exit 0", async () => {
    expect(await worker.kill("SIGTERM")).toBe(0);
  });
});
