import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { appendAudit } from "../append.ts";
import { entryHash } from "../hash.ts";
import { recomputeHash, verifyAuditChain } from "../verify.ts";

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("appending to the audit chain", () => {
  it("chains entries appended by many transactions at once into one unbroken chain", async () => {
    const before = await verifyAuditChain(ctx.sql);
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        ctx.sql.begin(async (tx) => {
          await tx`select pg_sleep(${(i % 3) / 100})`;
          return appendAudit(tx, {
            actor: { kind: "system", label: "test" },
            action: "test.concurrent",
            object: { type: "case", id: `case-${i}` },
            data: { i, 说明: `第${i}条` },
          });
        }),
      ),
    );
    const verdict = await verifyAuditChain(ctx.sql);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.checked - before.checked).toBe(24);
  });

  it("stores the hash the application computes over the previous hash and the entry", async () => {
    const id = await appendAudit(ctx.sql, {
      actor: { kind: "public" },
      action: "test.hash",
      meta: { ip: "10.0.0.9", requestId: "req-1" },
      data: { z: 1, a: [null, "文字"], nested: { b: true, a: 0.5 } },
    });
    const [row] = await ctx.sql`
      select id, occurred_at, actor_type, actor_id, actor_label, action, object_type, object_id,
             ip, request_id, data, prev_hash, hash from audit_log where id = ${id}`;
    const stored = row as never as Parameters<typeof recomputeHash>[0];
    expect(stored.hash).toBe(recomputeHash(stored));
    expect(stored.hash).toBe(
      entryHash(stored.prevHash, {
        occurredAt: stored.occurredAt.toISOString(),
        actorType: "public",
        actorId: null,
        actorLabel: "",
        action: "test.hash",
        objectType: null,
        objectId: null,
        ip: "10.0.0.9",
        requestId: "req-1",
        data: { z: 1, a: [null, "文字"], nested: { b: true, a: 0.5 } },
      }),
    );
  });
});
