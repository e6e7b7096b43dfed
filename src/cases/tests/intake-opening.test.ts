import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow, intakeReport, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { verifyAuditChain } from "../../audit/verify.ts";
import type { Sql } from "../../db/client.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { normalizeText } from "../../text/normalize.ts";
import { insertReport, lockIntake } from "../db/reports.ts";
import { similarityOfWeights, similarityOfWeightsSql } from "../similarity.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
  // As on any running deployment, the job queue knows the tasks an opened case enqueues (the
  // first enqueue of a task name waits for the transaction that made it to end).
  await postReport(app, { text: "陵水的疍家鱼排被台风吹散，渔民都转移了吗" });
});
afterAll(() => ctx.close());

/** Runs `during` while this test holds the intake lock, once `waiting` reports wait for it. */
async function withIntakeLockHeld(waiting: number, during: (tx: Sql) => Promise<void>) {
  await ctx.sql.begin(async (tx) => {
    await lockIntake(tx);
    await during(tx);
    for (let n = 0; n < waiting; ) {
      const [row] = await ctx.sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event = 'advisory'`;
      n = row!.n;
      if (n < waiting) await new Promise((r) => setTimeout(r, 20));
    }
  });
}

describe("a score computed by Postgres under the intake lock", () => {
  it("is the score similarityOfWeights computes, to the bit", async () => {
    const w = 0.25;
    const cases = Array.from({ length: 2000 }, (_, i) => {
      const n = (i * 7919) % 400;
      const nc = Math.min(n, (i * 31) % 60);
      const sd = Math.min(n - nc, (i * 13) % 90);
      const sc = Math.min(nc, (i * 17) % 25);
      return { i, a: ((i * 104729) % 800) * 0.25 + (i % 3), n, nc, sd, sc };
    });
    const score = similarityOfWeightsSql(
      ctx.sql,
      ctx.sql`x.a`,
      ctx.sql`(x.n - x.nc)::float8 + x.nc::float8 * ${w}::float8`,
      ctx.sql`x.sd::float8 + x.sc::float8 * ${w}::float8`,
    );
    const rows = await ctx.sql<{ score: number }[]>`
      select ${score} as score
      from jsonb_to_recordset(${ctx.sql.json(cases)}::jsonb)
        as x(i int, a float8, n int, nc int, sd int, sc int)
      order by x.i`;
    const expected = cases.map((c) =>
      similarityOfWeights(c.a, c.n - c.nc + c.nc * w, c.sd + c.sc * w),
    );
    expect(rows.map((r) => r.score)).toEqual(expected);
    expect(expected.filter((x) => x > 0.5).length).toBeGreaterThan(10);
  });
});

describe("a report opening a case", () => {
  it("leaves one case when two wordings of a new rumour wait for the intake lock together", async () => {
    const wordings = [
      "五指山的野生灵芝泡酒能治癌症，医院都不告诉你",
      "听说五指山野生灵芝泡酒能治好癌症，医院不让说？",
    ];
    let posted: ReturnType<typeof postReport>[] = [];
    await withIntakeLockHeld(2, async () => {
      posted = wordings.map((text) => postReport(app, { text }));
    });
    const results = await Promise.all(posted);
    expect(results.map((r) => r.body.outcome).sort()).toEqual(["attached", "opened"]);
    const caseIds = new Set(results.map((r) => r.body.caseId as string));
    expect(caseIds.size).toBe(1);
    const cases = await ctx.sql<{ id: string; n: number; events: number }[]>`
      select c.id, c.report_count as n,
             (select count(*)::int from events e where e.case_id = c.id
                and e.type = 'case.opened') as events
      from cases c where c.description = any(${wordings}::text[])`;
    expect(cases).toEqual([{ id: [...caseIds][0], n: 2, events: 1 }]);
    const audited = await ctx.sql<{ n: number }[]>`
      select count(*)::int as n from audit_log where action = 'report.created'
        and object_id = any(${results.map((r) => r.body.id as string)}::text[])`;
    expect(audited[0]!.n).toBe(2);
    expect(await verifyAuditChain(ctx.sql)).toMatchObject({ ok: true });
  });

  it("joins a case whose own text, given after the early reading, is compared in Node under the lock", async () => {
    const text = "乐东的哈密瓜打了膨大剂，吃了会得白血病";
    const { id: caseId } = await createCaseRow(ctx.sql, { title: "乐东哈密瓜" });
    let posted: ReturnType<typeof postReport> | undefined;
    await withIntakeLockHeld(1, async (tx) => {
      posted = postReport(app, { text: "乐东哈密瓜打了膨大剂，吃了会得白血病吗？" });
      await tx`update cases set match_norm = ${normalizeText(text)} where id = ${caseId}`;
    });
    const { body } = await posted!;
    expect([body.outcome, body.caseId]).toEqual(["attached", caseId]);
    const [left] = await ctx.sql<{ n: number }[]>`
      select count(*)::int as n from cases where description like '乐东哈密瓜打了膨大剂%'`;
    expect(left!.n).toBe(0);
  });

  it("joins the best case, not the first Postgres scored, when a changed case's own text is compared in Node", async () => {
    const text = "临高的乳猪被喂了激素，吃了小孩会早熟";
    const { id: exact } = await createCaseRow(ctx.sql, { title: "临高乳猪激素" });
    const { id: near } = await createCaseRow(ctx.sql, { title: "临高乳猪" });
    let posted: ReturnType<typeof postReport> | undefined;
    await withIntakeLockHeld(1, async (tx) => {
      posted = postReport(app, { text });
      await tx`update cases set match_norm = ${normalizeText(text)} where id = ${exact}`;
      await insertReport(tx, intakeReport(near, "临高乳猪被喂激素，吃了小孩会早熟"));
    });
    const { body } = await posted!;
    expect([body.outcome, body.caseId]).toEqual(["attached", exact]);
  });
});
