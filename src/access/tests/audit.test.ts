import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { signedInUser } from "../../../tests/support/factories.ts";
import { appendAudit } from "../../audit/append.ts";
import { verifyAuditChain } from "../../audit/verify.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

let ctx: TestContext;
let app: App;
let ids: number[];

/** Tampering as someone with direct database access would: around the append-only trigger. */
function tamper(statement: (tx: TestContext["sql"]) => Promise<unknown>) {
  return ctx.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await statement(tx as never);
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

beforeEach(async () => {
  await tamper((tx) => tx`delete from audit_log`);
  ids = [];
  for (let i = 1; i <= 5; i++) {
    ids.push(
      await appendAudit(ctx.sql, {
        actor: { kind: "system", label: "test" },
        action: "test.step",
        object: { type: "case", id: `case-${i}` },
        data: { step: i, 说明: `第${i}步`, nested: { b: [1, 2], a: null } },
      }),
    );
  }
});

describe("the audit chain", () => {
  it("verifies intact when nobody has touched it", async () => {
    const verdict = await verifyAuditChain(ctx.sql, 2);
    expect(verdict).toMatchObject({ ok: true, checked: 5, lastId: ids[4] });
  });

  it("refuses updates and deletes through ordinary SQL", async () => {
    await expect(ctx.sql`update audit_log set action = 'x' where id = ${ids[0]!}`).rejects.toThrow(
      /append-only/,
    );
    await expect(ctx.sql`delete from audit_log where id = ${ids[0]!}`).rejects.toThrow(
      /append-only/,
    );
  });

  it("names an edited entry", async () => {
    await tamper((tx) => tx`update audit_log set data = '{"step": 99}' where id = ${ids[2]!}`);
    const verdict = await verifyAuditChain(ctx.sql);
    expect(verdict).toMatchObject({
      ok: false,
      checked: 2,
      broken: { id: ids[2], reason: "edited" },
    });
  });

  it("names the entry after a deleted one", async () => {
    await tamper((tx) => tx`delete from audit_log where id = ${ids[1]!}`);
    const verdict = await verifyAuditChain(ctx.sql);
    expect(verdict).toMatchObject({
      ok: false,
      broken: { id: ids[2], reason: "previous_missing_or_reordered" },
    });
    if (!verdict.ok) expect(verdict.broken.detail).toContain("missing");
  });

  it("names the first of two swapped entries", async () => {
    await tamper(
      (tx) => tx`
        update audit_log a set occurred_at = b.occurred_at, object_id = b.object_id, data = b.data,
               prev_hash = b.prev_hash, hash = b.hash || '-'
        from audit_log b where (a.id, b.id) in ((${ids[3]!}, ${ids[4]!}), (${ids[4]!}, ${ids[3]!}))`,
    );
    const verdict = await verifyAuditChain(ctx.sql);
    expect(verdict).toMatchObject({ ok: false, broken: { id: ids[3] } });
  });

  it("fails npm run audit:verify with exit code 1 naming the entry", async () => {
    const run = (extra: Record<string, string> = {}) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/audit-verify.ts"], {
        env: {
          ...process.env,
          NODE_ENV: "test",
          DATABASE_URL: ctx.databaseUrl,
          MEILI_URL: ctx.deps.config.meiliUrl,
          MEILI_KEY: ctx.deps.config.meiliKey ?? "",
          DATA_DIR: ctx.deps.config.dataDir,
          ...extra,
        },
      });
    const ok = await run();
    expect(ok.stdout).toContain("audit chain intact: 5 entries");
    await tamper(
      (tx) => tx`update audit_log set actor_label = 'someone else' where id = ${ids[0]!}`,
    );
    const failed = await run().then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`entry #${ids[0]} (edited)`);
    // Two command runs, each starting a process that loads the app: under a loaded CI machine
    // that took 30 s.
  }, 120_000);
});

describe("reading the trail", () => {
  it("lets admins filter by action, object and time, page with nextBeforeId, and verify", async () => {
    const admin = await signedInUser(ctx.sql, ["admin"]);
    const page1 = await (
      await app.request("/api/v1/audit?action=test.&limit=3", { headers: admin.auth })
    ).json();
    expect(page1.items.map((e: { id: number }) => e.id)).toEqual([ids[4], ids[3], ids[2]]);
    expect(page1.items[0]).toMatchObject({
      action: "test.step",
      actor: { type: "system", label: "test" },
      object: { type: "case", id: "case-5" },
    });
    const page2 = await (
      await app.request(`/api/v1/audit?action=test.&limit=3&beforeId=${page1.nextBeforeId}`, {
        headers: admin.auth,
      })
    ).json();
    expect(page2.items.map((e: { id: number }) => e.id)).toEqual([ids[1], ids[0]]);
    expect(page2.nextBeforeId).toBeNull();
    const byObject = await (
      await app.request("/api/v1/audit?objectType=case&objectId=case-2", { headers: admin.auth })
    ).json();
    expect(byObject.items).toHaveLength(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    const none = await (
      await app.request(`/api/v1/audit?from=${encodeURIComponent(future)}`, { headers: admin.auth })
    ).json();
    expect(none.items).toEqual([]);
    const verdict = await (
      await app.request("/api/v1/audit/verify", { headers: admin.auth })
    ).json();
    expect(verdict).toMatchObject({ ok: true, checked: 5 });
  });

  it("is closed to everyone but admins, and rejects bad filters", async () => {
    const coordinator = await signedInUser(ctx.sql, ["coordinator"]);
    expect((await app.request("/api/v1/audit", { headers: coordinator.auth })).status).toBe(403);
    const admin = await signedInUser(ctx.sql, ["admin"]);
    const bad = await app.request("/api/v1/audit?from=yesterday&limit=0", { headers: admin.auth });
    expect(bad.status).toBe(400);
  });
});
