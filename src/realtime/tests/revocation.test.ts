import { io as connectClient, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createApiToken,
  createOrganisation,
  signedInUser,
} from "../../../tests/support/factories.ts";
import { untilListening, WAIT } from "../../../tests/support/wait.ts";
import { type RunningServer, startServer } from "../../server.ts";

let ctx: TestContext;
let server: RunningServer;
let admin: Awaited<ReturnType<typeof signedInUser>>;
let mediaOrg: { id: string };
const clients: Socket[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  server = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
  admin = await signedInUser(ctx.sql, ["admin"]);
  mediaOrg = await createOrganisation(ctx.sql, { kind: "media" });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server.close();
  await ctx.close();
});

/** A real socket.io client, connected and ready; records whether and why it was cut off. */
async function connect(nsp: string, token: string) {
  const socket = connectClient(`${server.url}${nsp}`, {
    auth: { token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  clients.push(socket);
  const state = { connected: false, revoked: undefined as { code: string } | undefined };
  socket.on("revoked", (r: { code: string }) => {
    state.revoked = r;
  });
  socket.on("disconnect", () => {
    state.connected = false;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("ready", () => resolve());
    socket.once("connect_error", reject);
  });
  state.connected = true;
  return state;
}

const asAdmin = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { ...admin.auth, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe("revoking a credential disconnects the sockets it opened", () => {
  it("a revoked API token's /media socket is disconnected, another token's stays", async () => {
    const revoked = await createApiToken(ctx.sql, mediaOrg.id, ["feed:read"]);
    const kept = await createApiToken(ctx.sql, mediaOrg.id, ["feed:read"]);
    const a = await connect("/media", revoked.token);
    const b = await connect("/media", kept.token);
    expect((await asAdmin("DELETE", `/api/v1/api-tokens/${revoked.id}`)).status).toBe(204);
    await expect
      .poll(() => ({ connected: a.connected, revoked: a.revoked?.code }), WAIT)
      .toEqual({
        connected: false,
        revoked: "unauthenticated",
      });
    expect(b.connected).toBe(true);
  });

  it("revoking a person's sessions disconnects their /staff and /media sockets", async () => {
    const expert = await signedInUser(ctx.sql, ["expert"]);
    const reporter = await signedInUser(ctx.sql, ["media"], { organisationId: mediaOrg.id });
    const staff = await connect("/staff", expert.token);
    const portal = await connect("/media", reporter.token);
    const bystander = await connect("/staff", (await signedInUser(ctx.sql, ["expert"])).token);
    for (const who of [expert, reporter]) {
      expect(
        (await asAdmin("DELETE", `/api/v1/users/${who.user.id}/sessions`)).status,
      ).toBeLessThan(300);
    }
    await expect.poll(() => [staff.connected, portal.connected], WAIT).toEqual([false, false]);
    expect(bystander.connected).toBe(true);
  });

  it("listens for revocations before it takes a socket", async () => {
    const token = await createApiToken(ctx.sql, mediaOrg.id, ["feed:read"]);
    const other = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
    try {
      // Both servers of this database listen: the one started first and the one just started.
      const [row] = await ctx.sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and query = 'listen "chorus_revocations"'`;
      expect(row!.n).toBe(2);
      const socket = connectClient(`${other.url}/media`, {
        auth: { token: token.token },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
      });
      clients.push(socket);
      await new Promise((resolve, reject) => {
        socket.once("ready", resolve);
        socket.once("connect_error", reject);
      });
      expect((await asAdmin("DELETE", `/api/v1/api-tokens/${token.id}`)).status).toBe(204);
      await expect.poll(() => socket.connected, WAIT).toBe(false);
    } finally {
      await other.close();
    }
  });

  it("drops a socket whose token was revoked while the server did not listen, once it listens again", async () => {
    const revoked = await createApiToken(ctx.sql, mediaOrg.id, ["feed:read"]);
    const kept = await createApiToken(ctx.sql, mediaOrg.id, ["feed:read"]);
    const a = await connect("/media", revoked.token);
    const b = await connect("/media", kept.token);
    // The revocation commits unheard, as while the listening connection is down: no NOTIFY.
    await ctx.sql.begin(async (tx) => {
      await tx`alter table api_tokens disable trigger api_tokens_revoked_notify`;
      await tx`update api_tokens set revoked_at = now() where id = ${revoked.id}`;
      await tx`alter table api_tokens enable trigger api_tokens_revoked_notify`;
    });
    // Postgres ends the listening connection (a restart, a failover): the server listens again.
    await ctx.sql`
      select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and query = 'listen "chorus_revocations"'`;
    await expect
      .poll(() => ({ connected: a.connected, revoked: a.revoked?.code }), WAIT)
      .toEqual({ connected: false, revoked: "unauthenticated" });
    await untilListening(ctx.sql, "chorus_revocations");
    expect(b.connected).toBe(true);
  });

  it("deactivating a person disconnects their /staff socket", async () => {
    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    const socket = await connect("/staff", coordinator.token);
    const res = await asAdmin("PATCH", `/api/v1/users/${coordinator.user.id}`, { active: false });
    expect(res.status).toBe(200);
    await expect.poll(() => socket.connected, WAIT).toBe(false);
  });
});
