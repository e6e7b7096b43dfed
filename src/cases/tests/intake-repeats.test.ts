import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow, intakeReport, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { untilWaitingOnLock } from "../../../tests/support/wait.ts";
import { verifyAuditChain } from "../../audit/verify.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { normalizeText } from "../../text/normalize.ts";
import { insertReport } from "../db/reports.ts";
import { rankCases, readOpenCases } from "../find-open-case.ts";
import { createRepeatHints, repeatKey } from "../repeat-hints.ts";
import { matchingSettings } from "../settings.ts";

let ctx: TestContext;
let app: App;
const s = matchingSettings();

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const read = (text: string, repeats: boolean) =>
  readOpenCases(ctx.sql, normalizeText(text), s, s.attachCase, { repeats });
const first = (best: Map<string, number>) => rankCases(best, { min: s.attachCase })[0]?.caseId;
const opened = async (text: string) => {
  const { body } = await postReport(app, { text });
  expect(body.outcome).toBe("opened");
  return body.caseId as string;
};
/** A report of another text written straight into a case, newer than the case's others. */
const otherReport = (caseId: string, text: string) =>
  insertReport(ctx.sql, intakeReport(caseId, text));

/**
 * A pasted message longer than the part reports are compared by (1,500 characters), whose head
 * only repeats a call to forward it, and the rumour itself after that.
 */
const forwarded = (call: string, rumour: string) => `${call.repeat(100)}${rumour}`;

describe("a report repeating the exact text of a report in an open case", () => {
  it("reads that case alone and ranks it first, as a full reading does", async () => {
    const text = "白沙的绿茶里被检出农药超标一百倍，喝了会得肝癌，赶紧告诉家人";
    const caseId = await opened(text);
    await opened("乐东的哈密瓜打了膨大剂，吃了会长结石");
    const repeat = await read(text, true);
    const full = await read(text, false);
    expect(repeat.repeat).toBe(true);
    expect([...repeat.best.keys()]).toEqual([caseId]);
    expect(full.repeat).toBe(false);
    expect(first(repeat.best)).toBe(caseId);
    expect(first(full.best)).toBe(caseId);
  });

  it("joins that case, counted once, with an audit chain that verifies", async () => {
    const text = "保亭的山兰米饭里有塑料米，煮出来会拉丝，千万别买";
    const caseId = await opened(text);
    const { body } = await postReport(app, { text });
    expect(body).toMatchObject({ outcome: "attached", caseId });
    const [row] = await ctx.sql<{ n: number }[]>`
      select report_count as n from cases where id = ${caseId}`;
    expect(row!.n).toBe(2);
    expect(await verifyAuditChain(ctx.sql)).toMatchObject({ ok: true });
  });

  it("ends in one case when many arrive together before any case holds the text", async () => {
    const text = "琼中的百花岭瀑布水被化工厂污染了，游客喝了全都拉肚子住院";
    const results = await Promise.all(Array.from({ length: 6 }, () => postReport(app, { text })));
    const cases = new Set(results.map((r) => r.body.caseId));
    expect(cases.size).toBe(1);
    expect(results.filter((r) => r.body.outcome === "opened")).toHaveLength(1);
    expect(await verifyAuditChain(ctx.sql)).toMatchObject({ ok: true });
  });

  it("reads every candidate case once the copy is older than its case's ten latest reports", async () => {
    const text = "昌江的芒果园喷了催熟剂，小孩吃了会性早熟，是真的吗";
    const caseId = await opened(text);
    for (let i = 0; i < 10; i++)
      await otherReport(caseId, `第${i}条不相干的线索：东方的路灯会辐射`);
    const reading = await read(text, true);
    expect(reading.repeat).toBe(false);
  });

  it("does not read a closed or drill case holding the text as the repeat's case", async () => {
    const closedText = "定安的腐竹用了吊白块漂白，吃多了会致癌";
    const closed = await opened(closedText);
    await ctx.sql`update cases set status = 'closed', close_reason = 'duplicate' where id = ${closed}`;
    expect((await read(closedText, true)).repeat).toBe(false);
    const { body } = await postReport(app, { text: closedText });
    expect(body.outcome).toBe("opened");
    expect(body.caseId).not.toBe(closed);

    const drillText = "演练：澄迈的福橙被注射了色素，剥开手会变红";
    const drill = (await createCaseRow(ctx.sql, { drill: true, title: "演练" })).id;
    await otherReport(drill, drillText);
    expect((await read(drillText, true)).repeat).toBe(false);
  });

  it("reads long pasted messages by their compared head, still reaching the attach line", async () => {
    const text = `转发：${"万宁的兴隆咖啡豆被发现含有大量黄曲霉素，喝了会得肝癌。".repeat(60)}`;
    const caseId = await opened(text);
    const reading = await read(text, true);
    expect(reading.repeat).toBe(true);
    expect(first(reading.best)).toBe(caseId);
    expect(reading.best.get(caseId)).toBeGreaterThanOrEqual(s.attachCase);
  });

  it("reads every case for a pasted message whose copy another case's text of it outscores, and joins that case", async () => {
    const rumour =
      "据内部人士透露，陵水县的自来水厂上周检修时混入了工业污水，水里含有大量重金属和致癌物质，" +
      "喝了以后会出现头晕呕吐、皮肤溃烂等症状，已经有好几个小孩被送进了县医院抢救。自来水公司" +
      "为了掩盖事故一直不肯公开检测报告，建议大家这段时间只喝桶装水，千万不要用自来水冲奶粉。";
    const text = forwarded("请大家务必转发给身边的亲朋好友，", rumour);
    const holding = await opened(text);
    const part = (await createCaseRow(ctx.sql, { title: "转发消息" })).id;
    await otherReport(part, rumour);
    expect(first((await read(text, false)).best)).toBe(part);
    expect((await read(text, true)).repeat).toBe(false);
    const { body } = await postReport(app, { text });
    expect(body).toMatchObject({ outcome: "attached", caseId: part });
    expect(body.caseId).not.toBe(holding);
  });

  it("joins another covering case when the repeat's case is closed while the report is being attached", async () => {
    const text = "五指山的野生蜂蜜被掺了糖浆和抗生素，吃了会耐药";
    const holding = (await createCaseRow(ctx.sql, { title: "蜂蜜掺糖浆" })).id;
    await otherReport(holding, text);
    const other = (await createCaseRow(ctx.sql, { title: "蜂蜜抗生素" })).id;
    await otherReport(other, "听说五指山野生蜂蜜掺了糖浆和抗生素，吃了会耐药吗");
    expect(first((await read(text, false)).best)).toBeDefined();
    let report: Promise<Awaited<ReturnType<typeof postReport>>> | undefined;
    await ctx.sql.begin(async (tx) => {
      await tx`select id from cases where id = ${holding} for update`;
      report = postReport(app, { text });
      // The report's attach waits on the case row this transaction holds.
      await untilWaitingOnLock(ctx.sql);
      await tx`update cases set status = 'closed', close_reason = 'duplicate' where id = ${holding}`;
    });
    const { body } = await report!;
    expect(body).toMatchObject({ outcome: "attached", caseId: other });
    const counts = await ctx.sql<{ id: string; n: number }[]>`
      select id, report_count as n from cases where id in (${holding}, ${other}) order by id`;
    expect(Object.fromEntries(counts.map((c) => [c.id, c.n]))).toEqual({
      [holding]: 0,
      [other]: 1,
    });
  });
});

describe("a repeat this process has seen before (repeat hints)", () => {
  beforeAll(() => {
    ctx.deps.intakeRepeats = createRepeatHints();
  });
  afterAll(() => {
    ctx.deps.intakeRepeats = undefined;
  });
  const hintOf = (text: string) =>
    ctx.deps.intakeRepeats!.get(repeatKey(normalizeText(text)), ctx.deps.now().getTime());

  it("joins the case its text last joined, which still holds the text, without reading the others", async () => {
    const text = "屯昌的香猪被打了瘦肉精，吃了会心慌手抖，千万别买";
    const older = (await createCaseRow(ctx.sql, { title: "香猪瘦肉精" })).id;
    await otherReport(older, text);
    const newer = (await createCaseRow(ctx.sql, { title: "香猪瘦肉精（重复）" })).id;
    await otherReport(newer, text);
    // The reading would pick the newest copy's case; the hint names the older one.
    expect(first((await read(text, true)).best)).toBe(newer);
    ctx.deps.intakeRepeats!.set(repeatKey(normalizeText(text)), { caseId: older, score: 1 });
    const { body } = await postReport(app, { text });
    expect(body).toMatchObject({ outcome: "attached", caseId: older });
    expect(await verifyAuditChain(ctx.sql)).toMatchObject({ ok: true });
  });

  it("is hinted to the case it opened, and its next copy joins that case", async () => {
    const text = "临高的石斑鱼养殖场用了孔雀石绿，吃了会致癌";
    const caseId = await opened(text);
    expect(hintOf(text)).toEqual({ caseId, score: 1 });
    const { body } = await postReport(app, { text });
    expect(body).toMatchObject({ outcome: "attached", caseId });
  });

  it("falls back to reading every case when the hinted case is closed, and hints the case it opens", async () => {
    const text = "东方的火龙果被泡了色素，吃了尿都是红的";
    const closed = await opened(text);
    await ctx.sql`update cases set status = 'closed', close_reason = 'duplicate' where id = ${closed}`;
    const { body } = await postReport(app, { text });
    expect(body.outcome).toBe("opened");
    expect(body.caseId).not.toBe(closed);
    expect(hintOf(text)?.caseId).toBe(body.caseId);
    const [row] = await ctx.sql<{ n: number }[]>`
      select report_count as n from cases where id = ${closed}`;
    expect(row!.n).toBe(1);
  });

  it("keeps no hint for a pasted message whose copy another case's text of it outscores, so its next copy joins the case ranking first", async () => {
    const rumour =
      "紧急通知：乐东县的幼儿园食堂被查出使用过期三年的冷冻肉，已经有二十多个孩子食物中毒，" +
      "园方和教育局联手压下了消息，家长群里的聊天记录都被删了。请有孩子在乐东上幼儿园的家长" +
      "马上去医院给孩子做检查，并且不要再让孩子在幼儿园吃午饭，能接回家就接回家。";
    const text = forwarded("看到的朋友马上告诉家里的老人孩子！", rumour);
    await opened(text);
    expect(hintOf(text)).toBeUndefined();
    const part = (await createCaseRow(ctx.sql, { title: "转发消息" })).id;
    await otherReport(part, rumour);
    const { body } = await postReport(app, { text });
    expect(body).toMatchObject({ outcome: "attached", caseId: part });
  });

  it("does not follow a hint to a case whose ten latest reports no longer hold the text", async () => {
    const text = "文昌的鸡饭用了地沟油，吃了会拉肚子，转给家人";
    const hinted = await opened(text);
    for (let i = 0; i < 10; i++) await otherReport(hinted, `第${i}条不相干的线索：琼海的桥要塌了`);
    const { body } = await postReport(app, { text });
    expect(body.outcome).toBe("opened");
    expect(body.caseId).not.toBe(hinted);
  });
});
