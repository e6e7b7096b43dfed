import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import type { Sql } from "../../db/client.ts";
import { enqueue } from "../../jobs/define.ts";
import { growPendingLists, insertLibraryItems } from "../db/library-import.ts";
import { slugFor } from "../import-lines.ts";
import { importRebuttals } from "../import-rebuttals.ts";
import { deriveRows } from "../index-rebuttal.ts";
import { indexRebuttals } from "../jobs.ts";
import { matchRebuttals } from "../match.ts";
import { REBUTTAL_INDEX } from "../meili/rebuttal-index.ts";
import { createSearch } from "../search.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const good = {
  externalId: "海南辟谣-001",
  claim: "喝椰子水可以预防登革热？",
  verdict: "false",
  summary: "椰子水不能预防登革热，防蚊灭蚊才是关键。",
  body: "登革热由伊蚊传播，**清除积水**、防蚊叮咬才有效。",
  category: "infectious-disease",
  regions: ["460100"],
};

/** An item as the import writes it, from `good`. */
const item = (externalId: string) => ({
  ...good,
  externalId,
  slug: slugFor(externalId),
  kind: "rebuttal",
  title: good.claim,
  bodyMd: good.body,
  bodyHtml: `<p>${good.body}</p>`,
  sources: [],
  tags: [],
  publishedAt: new Date(),
  imported: true,
});

describe("importRebuttals", () => {
  it("adds items with Chinese external ids, refuses bad lines with their numbers, is idempotent, and is searchable when it returns", async () => {
    const lines = [
      line(good),
      "{not json",
      line({ ...good, externalId: "x-2", verdict: "maybe" }),
      line({ ...good, externalId: "x-3", category: "no-such-category" }),
      "",
      line({ ...good, externalId: "x-4", summary: "长".repeat(141) }),
      line(good),
    ];
    const first = await importRebuttals(ctx.deps, lines);
    expect(first).toMatchObject({ added: 1, updated: 0 });
    expect(first.refused.map((r) => r.line)).toEqual([2, 3, 4, 6, 7]);
    expect(first.refused[4]!.reason).toContain("重复");
    expect(first.refused[2]!.reason).toContain("未知分类");
    const again = await importRebuttals(ctx.deps, lines);
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    const [row] =
      await ctx.sql`select id, imported, slug, body_html from rebuttals where external_id = ${good.externalId}`;
    expect(row).toMatchObject({ imported: true });
    expect(row!.slug).toMatch(/^[a-z0-9-]+$/);
    expect(row!.bodyHtml).toContain("<strong>清除积水</strong>");
    const audits = await ctx.sql`select actor_type from audit_log where object_id = ${row!.id}`;
    expect(audits.map((a) => a.actorType)).toEqual(["system"]);
    const doc = await ctx.deps.search
      .client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX))
      .getDocument(row!.id);
    expect(doc.claim).toContain("椰子水");
  });

  it("updates a changed item as a new version and matching sees the new text", async () => {
    const changed = { ...good, claim: "喝椰子水能治好登革热？", summary: "椰子水治不了登革热。" };
    const result = await importRebuttals(ctx.deps, [line(changed)]);
    expect(result).toMatchObject({ added: 0, updated: 1 });
    const [row] =
      await ctx.sql`select id, version from rebuttals where external_id = ${good.externalId}`;
    expect(row!.version).toBe(2);
    const versions =
      await ctx.sql`select version from rebuttal_versions where rebuttal_id = ${row!.id} order by version`;
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const [best] = await matchRebuttals(ctx.deps, "椰子水能治疗登革热吗");
    expect(best?.rebuttalId).toBe(row!.id);
  });
});

describe("importRebuttals in batches", () => {
  const many = (n: number, claimOf = (i: number) => `第${i}条：喝板蓝根能预防流感？`) =>
    Array.from({ length: n }, (_, i) =>
      line({ ...good, externalId: `batch-${i}`, claim: claimOf(i), summary: `第${i}条摘要` }),
    );

  it("re-runs a file across batches adding nothing, and updates only the line that changed", async () => {
    const lines = many(1205);
    const first = await importRebuttals(ctx.deps, lines, { batchSize: 500 });
    expect(first).toMatchObject({ added: 1205, updated: 0, unchanged: 0, refused: [] });
    const again = await importRebuttals(ctx.deps, lines, { batchSize: 500 });
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 1205, refused: [] });
    const changed = many(1205, (i) =>
      i === 1100 ? "第1100条：熏醋能杀死新冠病毒？" : `第${i}条：喝板蓝根能预防流感？`,
    );
    const third = await importRebuttals(ctx.deps, changed, { batchSize: 500 });
    expect(third).toMatchObject({ added: 0, updated: 1, unchanged: 1204 });
    const versions = await ctx.sql<{ version: number; n: number }[]>`
      select version, count(*)::int as n from rebuttals where external_id like 'batch-%'
      group by version order by version`;
    expect(versions).toEqual([
      { version: 1, n: 1204 },
      { version: 2, n: 1 },
    ]);
    const [row] = await ctx.sql`select id from rebuttals where external_id = 'batch-1100'`;
    const doc = await ctx.deps.search
      .client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX))
      .getDocument(row!.id);
    expect(doc.claim).toContain("熏醋");
    const [derived] = await ctx.sql`
      select count(*)::int as n from rebuttal_search s join rebuttals r on r.id = s.rebuttal_id
      where r.external_id like 'batch-%'`;
    expect(derived!.n).toBe(1205);
  });

  it("stores the search rows and documents the index task derives from the stored rebuttals, from the lines it holds", async () => {
    const lines = [
      { claim: "喝**熏醋**能殺死新型冠狀病毒？", body: "# 熏醋\n\n醋酸濃度太低，*不能*消毒。" },
      { claim: "板兰根冲剂能预防新冠肺炎？", body: "板蓝根不能预防新冠病毒感染。" },
      { claim: "５Ｇ基站会传播病毒？", body: "病毒不会通过[无线电波](https://example.org)传播。" },
    ].map((x, i) => line({ ...good, externalId: `ahead-${i}`, ...x, tags: ["醫學", "謠言"] }));
    await importRebuttals(ctx.deps, lines, { batchSize: 2 });
    const ids = (
      await ctx.sql<{ id: string }[]>`
        select id from rebuttals where external_id like 'ahead-%' order by external_id`
    ).map((r) => r.id);
    const index = ctx.deps.search.client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX));
    const stored = async () => ({
      rows: await ctx.sql`
        select to_jsonb(s) - 'derived_at' as row from rebuttal_search s
        where rebuttal_id = any(${ids}::uuid[]) order by rebuttal_id`,
      docs: await Promise.all(ids.map((id) => index.getDocument(id))),
    });
    const imported = await stored();
    expect(imported.rows).toHaveLength(3);
    await (await ctx.deps.search.index(ids, { wait: true })).searchable;
    expect(await stored()).toEqual(imported);
  });

  it("reports a bad line by its number in the whole file, past the first batch", async () => {
    const lines = many(1003);
    lines[1001] = line({ ...good, externalId: "bad-verdict", verdict: "perhaps" });
    const result = await importRebuttals(ctx.deps, lines, { batchSize: 500 });
    expect(result.refused).toEqual([{ line: 1002, reason: expect.stringContaining("verdict") }]);
  });

  it("writes everything and leaves the batch to the index task while Meilisearch is down", async () => {
    const down = {
      ...ctx.deps,
      search: createSearch({
        sql: ctx.sql,
        log: ctx.deps.log,
        url: "http://127.0.0.1:9",
        prefix: ctx.indexPrefix,
      }),
    };
    const result = await importRebuttals(down, [
      line({ ...good, externalId: "down-1", claim: "台风天泡澡会触电？" }),
      line({ ...good, externalId: "down-2", claim: "台风过后自来水都不能喝？" }),
    ]);
    expect(result).toMatchObject({ added: 2, refused: [] });
    const ids = (
      await ctx.sql<{ id: string }[]>`
        select id from rebuttals where external_id in ('down-1', 'down-2') order by id`
    ).map((r) => r.id);
    const [derived] = await ctx.sql`
      select count(*)::int as n from rebuttal_search where rebuttal_id = any(${ids}::uuid[])`;
    expect(derived!.n).toBe(2);
    const jobs = await ctx.sql<{ payload: { rebuttalIds: string[] } }[]>`
      select j.payload from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'library.index-rebuttals'`;
    expect(jobs.map((j) => [...j.payload.rebuttalIds].sort())).toContainEqual(ids);
  });

  it("leaves no search rows waiting in the GIN pending lists when it returns, while the library's lists follow each session's setting and the other GIN indexes keep theirs", async () => {
    const lines = Array.from({ length: 1200 }, (_, i) =>
      line({
        ...good,
        externalId: `pending-${i}`,
        claim: `第${i}号谣言：喝椰子水可以预防登革热？`,
      }),
    );
    const result = await importRebuttals(ctx.deps, lines, { batchSize: 400 });
    expect(result.added).toBe(1200);
    const merged = await ctx.sql<{ pages: number }[]>`
      select gin_clean_pending_list(i::regclass)::int as pages
      from unnest(array['rebuttal_search_doc_h_idx', 'rebuttal_search_body_h_idx']) i`;
    expect(merged.map((m) => m.pages)).toEqual([0, 0]);
    const limits = await ctx.sql<{ relname: string; reloptions: string[] | null }[]>`
      select relname, reloptions from pg_class
      where relname in ('rebuttal_search_body_h_idx', 'rebuttal_search_doc_h_idx',
        'rebuttal_signatures_text_idx', 'cases_shingle_hashes_idx') order by relname`;
    expect(limits.map((l) => [l.relname, l.reloptions])).toEqual([
      ["cases_shingle_hashes_idx", ["gin_pending_list_limit=4096"]],
      ["rebuttal_search_body_h_idx", null],
      ["rebuttal_search_doc_h_idx", null],
      ["rebuttal_signatures_text_idx", ["gin_pending_list_limit=4096"]],
    ]);
  });

  it("hands Meilisearch each of the last batches as it commits, so the task left after the last commit is one batch", async () => {
    const index = ctx.deps.search.client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX));
    const since = new Date();
    const lines = Array.from({ length: 1200 }, (_, i) =>
      line({ ...good, externalId: `tail-${i}`, claim: `第${i}则：喝椰子水可以预防登革热？` }),
    );
    expect((await importRebuttals(ctx.deps, lines, { batchSize: 400 })).added).toBe(1200);
    const { results } = await ctx.deps.search.client!.tasks.getTasks({
      indexUids: [index.uid],
      types: ["documentAdditionOrUpdate"],
      afterEnqueuedAt: since.toISOString(),
    });
    const sizes = results.map(
      (t) => (t.details as { receivedDocuments?: number }).receivedDocuments,
    );
    expect(sizes).toEqual([400, 400, 400]);
  });

  it("keeps the library's GIN lists short for every Chorus connection to a database cloned from the template, which carries no database setting, while the import's own transactions raise it", async () => {
    const [clone] = await ctx.sql<{ settings: string[] | null }[]>`
      select (select setconfig from pg_db_role_setting s
        where s.setdatabase = d.oid and s.setrole = 0) as settings
      from pg_database d where d.datname = current_database()`;
    const setting = (sql: Sql) =>
      sql<{ value: string }[]>`select current_setting('gin_pending_list_limit') as value`;
    const [session] = await setting(ctx.sql);
    const inImport = await ctx.sql.begin(async (tx) => {
      await growPendingLists(tx);
      const [row] = await setting(tx);
      return row!.value;
    });
    expect([clone!.settings, session!.value, inImport]).toEqual([null, "256kB", "32MB"]);
  });

  it("hands Meilisearch only the rows still as it wrote them, and leaves a row changed since its batch committed to the index task", async () => {
    const bulk = ctx.deps.search.bulk();
    const [kept, changed] = await ctx.sql.begin(async (tx) => {
      const written = await insertLibraryItems(tx, [item("held-kept"), item("held-changed")]);
      await bulk.add(
        tx,
        written.map((w) => ({ ...item(w.externalId), ...w, claim: good.claim })),
      );
      return ["held-kept", "held-changed"].map((x) => written.find((w) => w.externalId === x)!);
    });
    await ctx.sql`update rebuttals set title = '更新后的标题' where id = ${changed!.id}`;
    const left = await bulk.flush({ all: true });
    await bulk.searchable();
    const index = ctx.deps.search.client!.index(ctx.deps.search.indexName(REBUTTAL_INDEX));
    const found = await Promise.all(
      [kept!.id, changed!.id].map((id) =>
        index.getDocument(id).then(
          () => true,
          () => false,
        ),
      ),
    );
    expect({ left, found }).toEqual({ left: [changed!.id], found: [true, false] });
  });

  it("queues the index job for a row changed since its batch committed in the transaction that removes the batch's guard, so a writer dying after the send loses nothing", async () => {
    const bulk = ctx.deps.search.bulk();
    const { guard, changed } = await ctx.sql.begin(async (tx) => {
      const written = await insertLibraryItems(tx, [item("guard-kept"), item("guard-changed")]);
      const key = await bulk.add(
        tx,
        written.map((w) => ({ ...item(w.externalId), ...w, claim: good.claim })),
      );
      // As the import's writer guards its batch.
      const later = new Date(Date.now() + 30 * 60_000);
      const ids = written.map((w) => w.id);
      await enqueue(tx, indexRebuttals, { rebuttalIds: ids }, { runAt: later, jobKey: key });
      return { guard: key!, changed: written.find((w) => w.externalId === "guard-changed")!.id };
    });
    // A report matched to the new rebuttal counts it: the row the batch wrote is no longer there.
    await ctx.sql`update rebuttals set report_count = report_count + 1 where id = ${changed}`;
    await bulk.flush({ all: true });
    // Nothing more runs on the writer's side: what is queued now is all that is left.
    const queued = await ctx.sql<{ key: string | null; ids: string[] }[]>`
      select j.key, j.payload -> 'rebuttalIds' as ids from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'library.index-rebuttals'
        and (j.key = ${guard} or (j.payload::jsonb -> 'rebuttalIds') ? ${changed})`;
    await bulk.searchable();
    expect(queued).toEqual([{ key: null, ids: [changed] }]);
  });

  it("leaves nothing to the index task when no row changed while it ran", async () => {
    const jobs = async () => {
      const [row] = await ctx.sql<{ n: number }[]>`
        select count(*)::int as n from graphile_worker._private_jobs j
          join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'library.index-rebuttals'`;
      return row!.n;
    };
    const before = await jobs();
    const lines = Array.from({ length: 1200 }, (_, i) =>
      line({ ...good, externalId: `quiet-${i}`, claim: `第${i}则：台风天泡澡会触电？` }),
    );
    const result = await importRebuttals(ctx.deps, lines, { batchSize: 500 });
    expect([result.added, await jobs()]).toEqual([1200, before]);
  });

  it("leaves the batches it committed but had not yet sent to Meilisearch to delayed index jobs when it dies", async () => {
    const dying = {
      ...ctx.deps,
      search: {
        ...ctx.deps.search,
        bulk: () => ({
          ...ctx.deps.search.bulk(),
          flush: async () => {
            throw new Error("the import process died");
          },
        }),
      },
    };
    const lines = Array.from({ length: 3 }, (_, i) =>
      line({ ...good, externalId: `dies-${i}`, claim: `第${i}则：台风天不能洗头？` }),
    );
    await expect(importRebuttals(dying, lines)).rejects.toThrow("died");
    const ids = (
      await ctx.sql<{ id: string }[]>`
        select id from rebuttals where external_id like 'dies-%' order by id`
    ).map((r) => r.id);
    const jobs = await ctx.sql<{ payload: { rebuttalIds: string[] }; later: boolean }[]>`
      select j.payload, j.run_at > now() + interval '10 minutes' as later
      from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = 'library.index-rebuttals' and j.key like 'library:bulk-send:%'`;
    const ours = jobs.filter((j) => j.payload.rebuttalIds.some((id) => ids.includes(id)));
    expect(ours.map((j) => ({ ids: [...j.payload.rebuttalIds].sort(), later: j.later }))).toEqual([
      { ids, later: true },
    ]);
  });

  it("marks rebuttals it inserts as pending for search until their search rows are written", async () => {
    const pending = await ctx.sql.begin(async (tx) => {
      const written = await insertLibraryItems(tx, [item("pending-a"), item("pending-b")]);
      const ids = written.map((w) => w.id);
      const marked = async () =>
        (
          await tx<{ externalId: string }[]>`
            select r.external_id from rebuttal_search_pending p join rebuttals r on r.id = p.rebuttal_id
            where p.rebuttal_id = any(${ids}::uuid[]) order by 1`
        ).map((r) => r.externalId);
      const before = await marked();
      const a = written.find((w) => w.externalId === "pending-a")!;
      await deriveRows(tx, [{ ...a, ...item("pending-a"), claim: good.claim, regions: [] }]);
      return [before, await marked()];
    });
    expect(pending).toEqual([["pending-a", "pending-b"], ["pending-b"]]);
  });
});
