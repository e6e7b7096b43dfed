import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createDb } from "../../src/db/client.ts";
import { migrate, readMigrations } from "../../src/db/migrate.ts";
import { defineJob, enqueue } from "../../src/jobs/define.ts";
import { task } from "../../src/jobs/task.ts";
import { beat, endBeat, sweepDeadWorkers } from "../../workers/heartbeat.ts";
import { startWorkers } from "../../workers/runner.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { WAIT } from "../support/wait.ts";

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
      await expect.poll(() => seen, WAIT).toEqual(["committed"]);
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

describe("jobs of workers that stopped", () => {
  it("a graceful stop lets a running job finish instead of leaving it locked", async () => {
    let release = () => {};
    const started: string[] = [];
    const slowTask = task(noteJob, async ({ text }) => {
      started.push(text);
      await new Promise<void>((r) => {
        release = r;
      });
    });
    await enqueue(ctx.sql, noteJob, { text: "in flight" });
    const workers = await startWorkers(ctx.deps, { tasks: [slowTask], pollInterval: 50 });
    await expect.poll(() => started, WAIT).toEqual(["in flight"]);
    const stopping = workers.stop();
    release();
    await stopping;
    const left =
      await ctx.sql`select id from graphile_worker.jobs where task_identifier = 'test.note'`;
    expect(left).toEqual([]);
    const beats = await ctx.sql`select process_id from chorus_worker_heartbeats`;
    expect(beats).toEqual([]);
  });

  it("a job locked by a worker id no live process claims runs after the sweep", async () => {
    const seen: string[] = [];
    const noteTask = task(noteJob, async ({ text }) => {
      seen.push(text);
    });
    await enqueue(ctx.sql, noteJob, { text: "left by a killed worker" });
    await ctx.sql`
      update graphile_worker._private_jobs
      set locked_by = 'worker-killed-by-sigkill', locked_at = now() - interval '2 minutes'`;
    const workers = await startWorkers(ctx.deps, {
      tasks: [noteTask],
      pollInterval: 50,
      heartbeatMs: 100,
    });
    try {
      await expect.poll(() => seen, WAIT).toEqual(["left by a killed worker"]);
    } finally {
      await workers.stop();
    }
  });

  it("the sweep leaves alone a job that a live worker process is running, however long", async () => {
    let release = () => {};
    const slowTask = task(noteJob, async () => {
      await new Promise<void>((r) => {
        release = r;
      });
    });
    await enqueue(ctx.sql, noteJob, { text: "long job" });
    const workers = await startWorkers(ctx.deps, { tasks: [slowTask], pollInterval: 50 });
    try {
      await expect
        .poll(async () => {
          const [job] = await ctx.sql`select locked_by from graphile_worker.jobs`;
          return job?.lockedBy;
        }, WAIT)
        .toMatch(/^pool-/);
      await ctx.sql`update graphile_worker._private_jobs set locked_at = now() - interval '2 minutes'`;
      expect(await sweepDeadWorkers(ctx.sql)).toEqual([]);
      const [job] = await ctx.sql`select locked_by from graphile_worker.jobs`;
      expect(job?.lockedBy).toMatch(/^pool-/);
    } finally {
      release();
      await workers.stop();
    }
  });

  it("the sweep leaves alone a job whose worker still beats", async () => {
    await enqueue(ctx.sql, noteJob, { text: "held by a live worker" });
    await ctx.sql`
      update graphile_worker._private_jobs
      set locked_by = 'worker-alive-elsewhere', locked_at = now() - interval '2 minutes'`;
    await beat(ctx.sql, "another-process", ["worker-alive-elsewhere"]);
    expect(await sweepDeadWorkers(ctx.sql)).toEqual([]);
    await endBeat(ctx.sql, "another-process");
    expect(await sweepDeadWorkers(ctx.sql)).toEqual(["worker-alive-elsewhere"]);
    const [job] = await ctx.sql`select locked_by from graphile_worker._private_jobs`;
    expect(job?.lockedBy).toBeNull();
    await ctx.sql`delete from graphile_worker._private_jobs`;
  });
});
