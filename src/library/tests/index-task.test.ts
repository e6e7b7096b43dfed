import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { WAIT } from "../../../tests/support/wait.ts";
import { startWorkers, type Workers } from "../../../workers/runner.ts";
import { enqueue } from "../../jobs/define.ts";
import { indexRebuttal } from "../jobs.ts";
import { REBUTTAL_INDEX } from "../meili/rebuttal-index.ts";
import { createSearch } from "../search.ts";
import { libraryTasks } from "../tasks/index.ts";

let ctx: TestContext;
let workers: Workers;
beforeAll(async () => {
  ctx = await createTestContext();
  workers = await startWorkers(ctx.deps, { tasks: libraryTasks, pollInterval: 50 });
});
afterAll(async () => {
  await workers.stop();
  await ctx.close();
});

const meiliIds = async () => {
  const index = ctx.deps.search.client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX));
  try {
    return (await index.getDocuments({ limit: 100 })).results.map((d) => String(d.id));
  } catch {
    return [];
  }
};

/** Where a rebuttal stands in Meilisearch and in its derived Postgres search rows. */
const indexed = (id: string) => async () => {
  const [derived] =
    await ctx.sql`select count(*)::int as n from rebuttal_search where rebuttal_id = ${id}`;
  return { inMeili: (await meiliIds()).includes(id), derivedRows: derived!.n as number };
};

describe("the index task", () => {
  it("adds a published rebuttal to Meilisearch and removes it when retracted, also when run twice", async () => {
    const { id } = await createRebuttal(ctx.sql, {
      claim: "海南地震局预测下周有七级地震？",
      category: "earthquake",
    });
    await ctx.sql.begin(async (tx) => {
      await enqueue(tx, indexRebuttal, { rebuttalId: id });
      await enqueue(tx, indexRebuttal, { rebuttalId: id });
    });
    // The task hands its Meilisearch tasks over before its Postgres transaction commits: a
    // document can be searchable a moment before the derived row is visible, so both are polled.
    await expect.poll(indexed(id), WAIT).toEqual({ inMeili: true, derivedRows: 1 });
    await ctx.sql.begin(async (tx) => {
      await tx`update rebuttals set status = 'retracted', retracted_at = now() where id = ${id}`;
      await enqueue(tx, indexRebuttal, { rebuttalId: id });
    });
    await expect.poll(indexed(id), WAIT).toEqual({ inMeili: false, derivedRows: 0 });
  });

  it("keeps Postgres in step while Meilisearch is down, fails the job so it is retried, and catches up", async () => {
    const { id } = await createRebuttal(ctx.sql, {
      claim: "台风期间自来水不能喝？",
      category: "weather",
    });
    const down = {
      ...ctx.deps,
      search: createSearch({
        sql: ctx.sql,
        log: ctx.deps.log,
        url: "http://127.0.0.1:9",
        prefix: ctx.indexPrefix,
      }),
    };
    await expect(down.search.index([id])).rejects.toThrow();
    const [derived] =
      await ctx.sql`select count(*)::int as n from rebuttal_search where rebuttal_id = ${id}`;
    expect(derived!.n).toBe(1);
    expect(await meiliIds()).not.toContain(id);
    await ctx.deps.search.index([id]);
    expect(await meiliIds()).toContain(id);
  });

  it("applies the library settings in code to the index", async () => {
    // The first test's task created the index and waited for its settings task before adding
    // a document (a poll for "defined" here could not fail, and is gone).
    const settings = await ctx.deps.search
      .client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX))
      .getSettings();
    expect(settings.searchableAttributes).toEqual(["claim", "title", "summary", "tags", "body"]);
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(["category", "verdict", "regions"]),
    );
    // Folded into the documents and the query instead (ADR 0319).
    expect(settings.synonyms).toEqual({});
  });
});
