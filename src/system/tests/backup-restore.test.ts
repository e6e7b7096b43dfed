import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dxyRumours } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createOrganisation } from "../../../tests/support/factories.ts";
import { createSubscriptionRow, webhookReceiver } from "../../../tests/support/fanout-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { publishingChain, verify } from "../../authenticity/tests/support.ts";
import type { Db } from "../../db/client.ts";
import { flushEffects } from "../../effect/counter.ts";
import { publicEventsAfter } from "../../events/db.ts";
import { newWebhookSecret } from "../../fanout/signing.ts";
import { fanoutTasks } from "../../fanout/tasks/index.ts";
import { createApp } from "../../http/app.ts";
import { countLiveRebuttals } from "../../library/db/library.ts";
import { importRebuttals } from "../../library/import-rebuttals.ts";
import { REBUTTAL_INDEX } from "../../library/meili/rebuttal-index.ts";
import { sequencePositions, tablesInKeyOrder, tablesWithRows } from "../backup/catalog.ts";
import { backUpToFile, restoreFromFile } from "../backup/files.ts";
import { RestoreRefused } from "../backup/restore.ts";

let source: TestContext;
let restored: TestContext;
let workers: Workers | undefined;
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
let subscriptionId: string;
let published: Awaited<ReturnType<Awaited<ReturnType<typeof publishingChain>>["publish"]>>[];
let pendingEventId: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-backup-test-"));
const file = path.join(dir, "chorus.backup");

const target = (ctx: TestContext) => ({
  sql: ctx.sql,
  databaseUrl: ctx.databaseUrl,
  search: ctx.deps.search,
});

const deliveredTo = (sql: Db) => sql<{ eventId: string; status: string }[]>`
  select event_id, status from deliveries where subscription_id = ${subscriptionId}
  order by event_id`;

/** Each table's rows as one fingerprint, so two databases compare table by table. */
async function fingerprints(sql: Db): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of await tablesInKeyOrder(sql)) {
    const [row] = await sql`
      select count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '')
             as print
      from ${sql(t.name)} x`;
    out[t.name] = String(row?.print);
  }
  return out;
}

/** Reads `read` every 200 ms until it returns `wanted` (expect.poll only runs inside a test). */
async function settled(read: () => Promise<string>, wanted: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  let last = await read();
  while (last !== wanted && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    last = await read();
  }
  if (last !== wanted) throw new Error(`still ${last}, wanted ${wanted}`);
}

beforeAll(async () => {
  source = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" });
  restored = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true" }, { empty: true });
  const secret = newWebhookSecret();
  receiver = await webhookReceiver(secret);
  const org = await createOrganisation(source.sql, { kind: "media" });
  subscriptionId = (
    await createSubscriptionRow(source.sql, {
      organisationId: org.id,
      target: receiver.url,
      secret,
    })
  ).id;
  const lines = dxyRumours()
    .slice(0, 40)
    .map((r) =>
      JSON.stringify({
        externalId: r.id,
        claim: r.claim,
        verdict: r.verdict,
        summary: r.summary.slice(0, 140),
        body: r.body,
      }),
    );
  await importRebuttals(source.deps, lines, { actorLabel: "backup test" });

  workers = await startWorkers(source.deps, { tasks: fanoutTasks, pollInterval: 50 });
  const chain = await publishingChain(source);
  published = [await chain.publish("板蓝根"), await chain.publish("熏醋")];
  await settled(
    async () => (await deliveredTo(source.sql)).map((d) => d.status).join(),
    "delivered,delivered",
  );
  await workers.stop();
  workers = undefined;
  // Published while no worker runs: its fan-out is only a queued job when the backup is taken.
  published.push(await chain.publish("维生素C"));
  const [pending] = await source.sql<{ id: string }[]>`
    select id from events where rebuttal_id = ${published[2]!.id}`;
  pendingEventId = pending!.id;

  await backUpToFile(target(source), file, { logical: true });
  await restoreFromFile(target(restored), file, { force: false });
}, 180_000);

afterAll(async () => {
  await workers?.stop();
  await receiver?.close();
  await restored?.close();
  await source?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("a backup restored into a new empty database", () => {
  it("holds every row of every table, and the sequences where they were", async () => {
    const [before, after] = [await fingerprints(source.sql), await fingerprints(restored.sql)];
    // The reindex derives the search rows anew (their derivation time changes), one per rebuttal.
    for (const derived of [before, after])
      derived.rebuttal_search = derived.rebuttal_search!.split(":")[0]!;
    expect(after).toEqual(before);
    expect(await sequencePositions(restored.sql)).toEqual(await sequencePositions(source.sql));
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  });

  it("finds every published rebuttal through search again, the Meilisearch index rebuilt", async () => {
    const meili = restored.deps.search;
    const stats = await meili.client!.index(meili.indexName(REBUTTAL_INDEX)).getStats();
    expect(stats.numberOfDocuments).toBe(await countLiveRebuttals(source.sql));
    const app = createApp(restored.deps);
    const rows = await restored.sql<{ id: string; claim: string }[]>`
      select id, claim from rebuttals where status = 'live'`;
    for (const r of rows) {
      const res = await app.request(`/api/v1/rebuttals?q=${encodeURIComponent(r.claim)}`);
      expect(res.headers.get("x-chorus-search-degraded"), r.claim).toBeNull();
      const ids = ((await res.json()) as { hits: { id: string }[] }).hits.map((h) => h.id);
      expect(ids, r.claim).toContain(r.id);
    }
  });

  it("replays every public event by seq, exactly as before", async () => {
    const before = await publicEventsAfter(source.sql, 0);
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(await publicEventsAfter(restored.sql, 0)).toEqual(before);
  });

  it("still verifies every signature with the restored public keys", async () => {
    const app = createApp(restored.deps);
    const codes = await restored.sql<{ code: string }[]>`select code from rebuttal_signatures`;
    expect(codes.length).toBeGreaterThanOrEqual(43);
    for (const { code } of codes) {
      expect((await verify(app, { code })).body.verdict, code).toMatch(/^(genuine|updated)$/);
    }
  });

  it("keeps the deliveries, and delivers the event whose fan-out was still queued", async () => {
    expect(await deliveredTo(restored.sql)).toEqual(await deliveredTo(source.sql));
    workers = await startWorkers(restored.deps, { tasks: fanoutTasks, pollInterval: 50 });
    await expect
      .poll(
        async () =>
          (await deliveredTo(restored.sql)).find((d) => d.eventId === pendingEventId)?.status,
        WAIT,
      )
      .toBe("delivered");
    expect(receiver.received.map((r) => r.id)).toContain(pendingEventId);
  });

  it("refuses a database that is not empty, and --force replaces what it holds", async () => {
    // Nothing else may write meanwhile: the previous test's workers beat into
    // chorus_worker_heartbeats, and the verify test's views wait in the effect counter for its
    // 5 s timer. Both are stopped or written first, so a difference can only come from the
    // refused restore.
    await workers?.stop();
    workers = undefined;
    await flushEffects(restored.deps);
    const before = await fingerprints(restored.sql);
    await expect(restoreFromFile(target(restored), file, { force: false })).rejects.toThrow(
      RestoreRefused,
    );
    expect(await fingerprints(restored.sql)).toEqual(before);
    await restoreFromFile(target(restored), file, { force: true });
    const again = await fingerprints(restored.sql);
    expect(again.rebuttals).toBe((await fingerprints(source.sql)).rebuttals);
  });

  it("refuses a cut-off backup file and leaves the database empty", async () => {
    const cut = path.join(dir, "cut.backup");
    const whole = fs.readFileSync(file);
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const empty = await createTestContext({}, { empty: true });
    try {
      await expect(restoreFromFile(target(empty), cut, { force: false })).rejects.toThrow();
      expect(await tablesWithRows(empty.sql)).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
