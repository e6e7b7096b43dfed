import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createApiToken,
  createOrganisation,
  signedInUser,
} from "../../../tests/support/factories.ts";
import {
  caseOpenedData,
  createRebuttal,
  publish,
  reviewRequestedData,
} from "../../../tests/support/fanout-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import type { EventEnvelope } from "../../events/envelope.ts";
import { recordEvent } from "../../events/record.ts";
import { attachRealtime } from "../../realtime/socket.ts";
import { type RunningServer, startServer } from "../../server.ts";

let ctx: TestContext;
let server: RunningServer;
let token: string;
const clients: Socket[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  server = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
  const org = await createOrganisation(ctx.sql, { kind: "media" });
  token = (await createApiToken(ctx.sql, org.id, ["feed:read"])).token;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
  await ctx.close();
});

/** A real socket.io client that records every envelope it is sent, and resolves once ready. */
async function connect(nsp: string, auth: Record<string, unknown>, base = server.url) {
  const events: EventEnvelope[] = [];
  const socket = connectClient(`${base}${nsp}`, {
    auth,
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  clients.push(socket);
  socket.on("event", (e: EventEnvelope) => events.push(e));
  const ready = await new Promise<{ lastSeq?: number; replayed?: number }>((resolve, reject) => {
    socket.once("ready", resolve);
    socket.once("connect_error", reject);
  });
  return { socket, events, ready };
}

const seqs = (events: EventEnvelope[]) => events.map((e) => e.seq);

describe("socket.io /media", () => {
  it("gives a reconnecting client exactly the three events it missed, in order, then live ones", async () => {
    const rebuttal = await createRebuttal(ctx.sql);
    const first = await connect("/media", { token });
    // Another client stays: once it has an event, the server has it live too, and a reconnecting
    // client gets it from the replay (what the server has not heard yet comes live after `ready`).
    const watcher = await connect("/media", { token });
    const before = await publish(ctx.sql, rebuttal);
    await expect.poll(() => seqs(first.events), WAIT).toEqual([before.seq]);
    first.socket.close();

    const missed = [];
    for (const type of ["rebuttal.updated", "rebuttal.updated", "rebuttal.retracted"] as const) {
      missed.push(await publish(ctx.sql, rebuttal, type));
    }
    await expect
      .poll(() => seqs(watcher.events), WAIT)
      .toEqual([before, ...missed].map((e) => e.seq));
    const again = await connect("/media", { token, lastSeq: before.seq });
    expect(again.ready.replayed).toBe(3);
    expect(again.events).toEqual(missed);

    const live = await publish(ctx.sql, rebuttal, "rebuttal.updated");
    await expect.poll(() => seqs(again.events), WAIT).toEqual([...missed, live].map((e) => e.seq));
    expect(again.events.at(-1)).toEqual(live);
  });

  it("sends live an event too large for a notification, identical to the recorded envelope", async () => {
    const client = await connect("/media", { token });
    const rebuttal = await createRebuttal(ctx.sql);
    const large = await publish(ctx.sql, rebuttal, "rebuttal.retracted", {
      reason: "撤回原因".repeat(1000),
    });
    const small = await publish(ctx.sql, rebuttal, "rebuttal.updated");
    await expect.poll(() => client.events, WAIT).toEqual([large, small]);
  });

  it("has no gap and no duplicate when events are published while the client replays", async () => {
    const rebuttal = await createRebuttal(ctx.sql);
    const start = await publish(ctx.sql, rebuttal);
    for (let i = 0; i < 30; i++) await publish(ctx.sql, rebuttal, "rebuttal.updated");
    const publishing = (async () => {
      const out = [];
      for (let i = 0; i < 30; i++) out.push(await publish(ctx.sql, rebuttal, "rebuttal.updated"));
      return out;
    })();
    const client = await connect("/media", { token, lastSeq: start.seq });
    const last = (await publishing).at(-1)!;
    const expected = Array.from({ length: last.seq! - start.seq! }, (_, i) => start.seq! + 1 + i);
    await expect.poll(() => seqs(client.events), WAIT).toEqual(expected);
  });

  it("sends a county subscriber its county's, its city's and the province's messages, not another county's", async () => {
    const client = await connect("/media", { token, regions: ["460105"], categories: ["weather"] });
    const published: Record<string, EventEnvelope> = {};
    for (const region of ["460105", "460100", "460000", "460106", "469001"]) {
      published[region] = await publish(
        ctx.sql,
        await createRebuttal(ctx.sql, { regions: [region], category: "weather" }),
      );
    }
    await publish(
      ctx.sql,
      await createRebuttal(ctx.sql, { regions: ["460105"], category: "vaccines" }),
    );
    const marker = await publish(
      ctx.sql,
      await createRebuttal(ctx.sql, { regions: ["460000"], category: "weather" }),
    );
    await expect.poll(() => seqs(client.events).at(-1), WAIT).toBe(marker.seq);
    expect(seqs(client.events)).toEqual(
      [published["460105"], published["460100"], published["460000"], marker].map((e) => e!.seq),
    );
  });

  it("refuses a client without a token and a token without feed:read", async () => {
    await expect(connect("/media", {})).rejects.toMatchObject({
      data: { code: "unauthenticated" },
    });
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    const other = await createApiToken(ctx.sql, org.id, ["subscriptions:manage"]);
    await expect(connect("/media", { token: other.token })).rejects.toMatchObject({
      data: { code: "forbidden" },
    });
  });
});

describe("socket.io limits", () => {
  it("refuses an address that connects too often", async () => {
    const limited = http.createServer();
    const realtime = attachRealtime(limited, ctx.deps, {
      connectionsPerWindow: 2,
      windowMs: 60_000,
    });
    await new Promise<void>((resolve) => limited.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(limited.address() as AddressInfo).port}`;
    try {
      await connect("/media", { token }, base);
      await connect("/media", { token }, base);
      await expect(connect("/media", { token }, base)).rejects.toMatchObject({
        data: { code: "rate_limited" },
      });
    } finally {
      await realtime.close();
    }
  });
});

describe("socket.io /staff", () => {
  it("carries a staff event to the people it names and not to others", async () => {
    const reviewer = await signedInUser(ctx.sql, ["reviewer"]);
    const bystander = await signedInUser(ctx.sql, ["reviewer"]);
    const named = await connect("/staff", { token: reviewer.token });
    const other = await connect("/staff", { token: bystander.token });
    const env = await ctx.sql.begin((tx) =>
      recordEvent(tx, {
        type: "review.requested",
        data: reviewRequestedData(
          { userIds: [reviewer.user.id], roles: [], email: false },
          "审核请求",
        ),
      }),
    );
    await expect.poll(() => named.events.map((e) => e.id), WAIT).toEqual([env.id]);
    const toRole = await ctx.sql.begin((tx) =>
      recordEvent(tx, {
        type: "case.opened",
        data: caseOpenedData({ userIds: [], roles: ["reviewer"], email: false }, "新事件"),
      }),
    );
    await expect.poll(() => other.events.map((e) => e.id), WAIT).toEqual([toRole.id]);
  });

  it("refuses a media user", async () => {
    const media = await signedInUser(ctx.sql, ["media"]);
    await expect(connect("/staff", { token: media.token })).rejects.toMatchObject({
      data: { code: "forbidden" },
    });
  });
});
