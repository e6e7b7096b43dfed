import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDb } from "../../src/db/client.ts";
import { migrate, readMigrations } from "../../src/db/migrate.ts";
import { defineJob, enqueue } from "../../src/jobs/define.ts";
import { task } from "../../src/jobs/task.ts";
import { startWorkers } from "../../workers/runner.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const noteJob = defineJob("test.note", z.object({ text: z.string() }), { maxAttempts: 3 });

describe("migrations", () => {
  it("two processes migrating at once apply each migration exactly once", async () => {
    const a = createDb(ctx.databaseUrl, { max: 1 });
    const b = createDb(ctx.databaseUrl, { max: 1 });
    const results = await Promise.all([migrate(a, ctx.databaseUrl), migrate(b, ctx.databaseUrl)]);
    await Promise.all([a.end(), b.end()]);
    expect(results).toEqual([[], []]);
    const rows = await ctx.sql`select id from chorus_migrations order by id`;
    expect(rows.map((r) => r.id)).toEqual(readMigrations().map((m) => m.id));
  });
});

describe("the job queue", () => {
  it("keeps a job only if the transaction that enqueued it commits", async () => {
    const seen: string[] = [];
    const noteTask = task(noteJob, async ({ text }) => {
      seen.push(text);
    });
    await expect(
      ctx.sql.begin(async (tx) => {
        await enqueue(tx, noteJob, { text: "rolled back" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await ctx.sql.begin((tx) => enqueue(tx, noteJob, { text: "committed" }));

    const workers = await startWorkers(ctx.deps, { tasks: [noteTask], pollInterval: 50 });
    try {
      await expect.poll(() => seen, { timeout: 10_000 }).toEqual(["committed"]);
    } finally {
      await workers.stop();
    }
    const [left] = await ctx.sql`select count(*)::int as n from graphile_worker.jobs`;
    expect(left?.n).toBe(0);
  });

  it("refuses to enqueue a payload that does not match the job's schema", async () => {
    await expect(enqueue(ctx.sql, noteJob, { text: 42 } as never)).rejects.toThrow();
    const [row] = await ctx.sql`select count(*)::int as n from graphile_worker.jobs`;
    expect(row?.n).toBe(0);
  });
});
