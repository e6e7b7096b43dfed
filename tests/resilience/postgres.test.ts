import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newWebhookSecret } from "../../src/fanout/signing.ts";
import { TEST_PASSWORD, userWithPassword } from "../support/access-factories.ts";
import { createSubscriptionRow } from "../support/fanout-factories.ts";
import { untilListening, WAIT } from "../support/wait.ts";
import {
  cleanUp,
  eventsMissing,
  type Probe,
  pause,
  probe,
  publicEventIds,
  publishBurst,
  type Stack,
  startStack,
} from "./harness.ts";
import { mediaSocket, webhookReceiver } from "./receivers.ts";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ postgres: "private" });
}, 180_000);
afterAll(cleanUp, 60_000);

describe("Postgres stopped and restarted after a burst of publications", () => {
  it("answers 503 with Retry-After meanwhile (never a hang), no process exits, and afterwards every event committed before the stop is delivered and a revoked token's socket is dropped", async () => {
    const hooks: (Awaited<ReturnType<typeof webhookReceiver>> & { subscriptionId: string })[] = [];
    for (let i = 0; i < 3; i++) {
      const secret = newWebhookSecret();
      // Slow answers, so the fan-out is still under way when Postgres stops.
      const r = await webhookReceiver(secret, () => ({ status: 204, afterMs: 1000 }));
      const sub = await createSubscriptionRow(stack.sql, {
        organisationId: stack.media.id,
        target: r.url,
        secret,
      });
      hooks.push({ ...r, subscriptionId: sub.id });
    }
    const socket = await mediaSocket(stack.api.url, stack.mediaToken);
    const user = await userWithPassword(stack.sql, ["coordinator"]);
    const ids = await publishBurst(stack, 20);
    const committed = await publicEventIds(stack);
    expect(committed).toHaveLength(20);
    const [first] = await stack.sql`select slug from rebuttals where id = ${ids[0]!}`;

    await stack.postgres!.stop();
    const api = stack.api.url;
    const asked: [string, Probe][] = [];
    const ask = async (what: string, url: string, init: RequestInit = {}) => {
      // Bounded well above the pool's 5 s connect timeout: a hang shows as "no answer".
      asked.push([what, await probe(url, init, 20_000)]);
    };
    for (let round = 0; round < 2; round++) {
      await ask("rebuttal", `${api}/api/v1/rebuttals/${ids[round]}`);
      await ask("case list", `${api}/api/v1/cases`, { headers: stack.cast.lead.auth });
      await ask("login", `${api}/api/v1/session`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
      });
      await ask("report", `${api}/api/v1/reports`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: `网传数据库停机期间的消息${round}：喝醋能杀灭病毒` }),
      });
      await ask("page", `${api}/r/${first!.slug}`, { headers: { accept: "text/html" } });
    }
    const readiness = await probe(`${api}/readyz`, {}, 20_000);
    const health = await probe(`${api}/healthz`, {}, 20_000);
    await pause(2000);
    expect(stack.exited()).toEqual([]);
    await stack.postgres!.start();

    expect(
      asked.map(
        ([what, res]) => `${what} ${res.status} retry-after:${res.headers.has("retry-after")}`,
      ),
    ).toEqual(asked.map(([what]) => `${what} 503 retry-after:true`));
    expect(asked.filter(([, res]) => res.json && res.json.code !== "service_unavailable")).toEqual(
      [],
    );
    expect([readiness.status, readiness.json?.components]).toMatchObject([
      503,
      { postgres: "down" },
    ]);
    expect(health.status).toBe(200);

    await expect
      .poll(async () => (await probe(`${api}/readyz`, {}, 10_000)).json?.status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe("ready");
    // Published after the restart: the API's LISTEN and the worker are back too.
    const later = await publishBurst(stack, 3, { from: 20 });
    expect(later).toHaveLength(3);

    for (const h of hooks) {
      await expect
        .poll(() => eventsMissing(stack, h.delivered), { timeout: 90_000, interval: 500 })
        .toEqual({ events: 23, missing: [] });
      expect(h.requests.filter((q) => q.webhookId !== q.eventId || !q.verified)).toEqual([]);
    }
    await expect
      .poll(async () => {
        const events = await publicEventIds(stack);
        return { events: events.length, missed: events.filter((id) => !socket.has(id)) };
      }, WAIT)
      .toEqual({ events: 23, missed: [] });
    // Revoking the media token after the outage still drops its open socket: the API's LISTEN
    // for revocations came back with Postgres (postgres.js alone would have lost it). /readyz
    // does not wait for that LISTEN (it retries with a backoff), so neither may the revocation.
    await untilListening(stack.sql, "chorus_revocations");
    await stack.sql`update api_tokens set revoked_at = now()
      where organisation_id = ${stack.media.id} and revoked_at is null`;
    await expect
      .poll(() => ({ revoked: socket.revoked(), connected: socket.connected() }), WAIT)
      .toEqual({ revoked: true, connected: false });
    expect(stack.exited()).toEqual([]);
  }, 300_000);
});
