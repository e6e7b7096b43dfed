import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation } from "../../../tests/support/factories.ts";
import {
  createRebuttal,
  createSubscriptionRow,
  publish,
} from "../../../tests/support/fanout-factories.ts";
import { enqueue } from "../../jobs/define.ts";
import { SWEEP_JOB_KEY, sweepFanout } from "../jobs.ts";
import { newWebhookSecret } from "../signing.ts";

let ctx: TestContext;
const children: ChildProcess[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await ctx.close();
});

/** `npm run worker` as a real process of its own against this test's database. */
function spawnWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      DATABASE_URL: ctx.databaseUrl,
      MEILI_URL: inject("meiliUrl"),
      MEILI_KEY: inject("meiliKey"),
      MEILI_INDEX_PREFIX: ctx.indexPrefix,
      WEBHOOK_ALLOW_PRIVATE: "true",
      LOG_LEVEL: "error",
      DATA_DIR: ctx.deps.config.dataDir,
      PUBLIC_URL: "http://chorus.test",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}

describe("a worker killed in the middle of a fan-out", () => {
  it("leaves nothing undelivered: after a restart every delivery completes", async () => {
    const secret = newWebhookSecret();
    const wh = new Webhook(secret);
    let hold = true;
    const got: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        wh.verify(body, req.headers as Record<string, string>);
        got.push(`${req.url} ${req.headers["webhook-id"]}`);
        if (!hold) res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const org = await createOrganisation(ctx.sql, { kind: "media" });
    for (let i = 0; i < 12; i++) {
      await createSubscriptionRow(ctx.sql, {
        organisationId: org.id,
        target: `${base}/hook/${i}`,
        secret,
      });
    }
    await enqueue(
      ctx.sql,
      sweepFanout,
      { staleAfterMs: 2000, everyMs: 1000 },
      { jobKey: SWEEP_JOB_KEY },
    );
    const events = [
      await publish(ctx.sql, await createRebuttal(ctx.sql)),
      await publish(ctx.sql, await createRebuttal(ctx.sql)),
    ];

    const first = spawnWorker();
    await expect
      .poll(() => got.length, { timeout: 30_000, interval: 100 })
      .toBeGreaterThanOrEqual(3);
    const exited = new Promise((resolve) => first.once("exit", resolve));
    first.kill("SIGKILL");
    await exited;
    const [mid] =
      await ctx.sql`select count(*)::int as n from deliveries where status = 'delivered'`;
    expect(mid!.n).toBe(0);

    hold = false;
    const second = spawnWorker();
    await expect
      .poll(
        async () =>
          (await ctx.sql`select status, count(*)::int as n from deliveries group by status`).map(
            (r) => `${r.status}:${r.n}`,
          ),
        {
          timeout: 60_000,
          interval: 250,
        },
      )
      .toEqual(["delivered:24"]);
    const expected = events.flatMap((e) =>
      Array.from({ length: 12 }, (_, i) => `/hook/${i} ${e.id}`),
    );
    expect([...new Set(got)].sort()).toEqual(expected.sort());
    second.kill("SIGTERM");
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }, 120_000);
});
