import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { settledSince } from "../../../tests/support/table-stats.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers } from "../../../workers/runner.ts";
import { TASK_WAIT } from "../index-rebuttal.ts";
import { REBUTTAL_INDEX } from "../meili/rebuttal-index.ts";
import { libraryTasks } from "../tasks/index.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe("rebuildRebuttalIndex", () => {
  it("rebuilds the index from Postgres, dropping documents Postgres no longer has live, and reports progress", async () => {
    const kept = await createRebuttal(ctx.sql, { claim: "喝淡盐水能预防中暑？" });
    const stale = await createRebuttal(ctx.sql, { claim: "吃冰棍能防中暑？" });
    await ctx.deps.search.index([kept.id]);
    await ctx.deps.search.index([stale.id]);
    await ctx.sql`update rebuttals set status = 'retracted' where id = ${stale.id}`;
    const fresh = await createRebuttal(ctx.sql, { claim: "台风过后立刻出门安全？" });

    const progress: number[] = [];
    const done = await ctx.deps.search.reindex((n) => progress.push(n));

    expect(done).toBe(2);
    expect(progress.at(-1)).toBe(2);
    const index = ctx.deps.search.client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX));
    const ids = (await index.getDocuments({ limit: 10 })).results.map((d) => String(d.id)).sort();
    expect(ids).toEqual([kept.id, fresh.id].sort());
    const settings = await index.getSettings();
    expect(settings.searchableAttributes).toEqual(["claim", "title", "summary", "tags", "body"]);
    const indexes = (await ctx.deps.search.client!.getIndexes({ limit: 1000 })).results.map(
      (i) => i.uid,
    );
    expect(indexes).not.toContain(ctx.deps.search.indexName(`${REBUTTAL_INDEX}_next`));
  });

  it("rebuilds, once, an index a start finds written before synonyms were folded into it", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "新型冠状病毒会通过空调传播？" });
    await ctx.deps.search.index([id]);
    // The index as an older version left it: Meilisearch's own synonyms, the text unfolded.
    const index = ctx.deps.search.client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX));
    const old = { 新型冠状病毒: ["新冠病毒"], 新冠病毒: ["新型冠状病毒"] };
    await index.updateSettings({ synonyms: old }).waitTask(TASK_WAIT);
    await index
      .updateDocuments([{ id, claim: "新型冠状病毒会通过空调传播？" }])
      .waitTask(TASK_WAIT);
    const claim = async () => String((await index.getDocument(id)).claim);
    expect(await claim()).toBe("新型冠状病毒会通过空调传播？");

    const workers = await startWorkers(ctx.deps, { tasks: libraryTasks, pollInterval: 50 });
    try {
      expect(await ctx.deps.search.ensureIndex()).toMatchObject({ rebuilding: true });
      // Left as it was until the fresh index is swapped in: its synonyms mark the older form.
      expect(await index.getSynonyms()).toEqual(old);
      const state = async () => ({ claim: await claim(), synonyms: await index.getSynonyms() });
      await expect.poll(state, WAIT).toEqual({ claim: "新冠病毒会通过空调传播?", synonyms: {} });
      expect(await ctx.deps.search.ensureIndex()).toMatchObject({ rebuilding: false });
      // The job may still be finishing when the swapped index answers: its count is polled too.
      const jobs = async () =>
        (
          await ctx.sql`select count(*)::int as n from graphile_worker.jobs
            where task_identifier = 'library.reindex'`
        )[0]!.n;
      await expect.poll(jobs, WAIT).toBe(0);
    } finally {
      await workers.stop();
    }
  });

  it("sends again, after the swap, the rebuttals written while it ran (their runs went to the old index)", async () => {
    const { id } = await createRebuttal(ctx.sql, { claim: "雷雨天打手机会引来雷击？" });
    await ctx.deps.search.index([id]);
    const client = ctx.deps.search.client!;
    const live = ctx.deps.search.indexName(REBUTTAL_INDEX);
    await ctx.deps.search.reindex();
    const [swap] = (await client.tasks.getTasks({ types: ["indexSwap"], limit: 1 })).results;
    const [added] = (
      await client.tasks.getTasks({
        indexUids: [live],
        types: ["documentAdditionOrUpdate"],
        limit: 1,
      })
    ).results;
    expect(added!.uid).toBeGreaterThan(swap!.uid);
    expect(added!.details).toMatchObject({ receivedDocuments: expect.any(Number) });
  });

  it("vacuums and analyses the rebuttals and their search rows, which it rewrote, before it returns", async () => {
    await createRebuttal(ctx.sql, { claim: "暴雨后井水煮沸就能直接喝？" });
    const [{ since }] = await ctx.sql<[{ since: Date }]>`select now() as since`;
    await ctx.deps.search.reindex();
    expect(await settledSince(ctx.sql, since, ["rebuttals", "rebuttal_search"])).toEqual([
      { relname: "rebuttal_search", vacuumed: true, analysed: true },
      { relname: "rebuttals", vacuumed: true, analysed: true },
    ]);
  });

  it("lets a rebuild scheduled for an upgrade do nothing once the index is of the current form", async () => {
    expect(await ctx.deps.search.reindex(undefined, { onlyOlderForm: true })).toBe(0);
  });
});
