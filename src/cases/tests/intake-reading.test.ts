import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCaseRow, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { untilWaitingOnLock } from "../../../tests/support/wait.ts";
import { verifyAuditChain } from "../../audit/verify.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { deriveRebuttalSearch } from "../../library/derive.ts";
import { normalizeText } from "../../text/normalize.ts";
import { setReportText } from "../db/late-text.ts";
import { openCaseTexts } from "../db/open-case-texts.ts";
import { insertReport, isTrackingCodeTaken, moveReports } from "../db/reports.ts";
import { rankCases, readOpenCases, settleOpenCases } from "../find-open-case.ts";
import { matchingSettings } from "../settings.ts";
import { caseCandidates, fingerprint, queryHashes, similarity } from "../similarity.ts";

let ctx: TestContext;
let app: App;
const s = matchingSettings();

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const read = (text: string) => readOpenCases(ctx.sql, normalizeText(text), s, s.attachCase);
const covering = (best: Map<string, number>) =>
  rankCases(best, { min: s.attachCase }).map((c) => c.caseId);
/** What intake decides under its lock: the early reading brought up to date. */
const settled = (reading: Awaited<ReturnType<typeof read>>) =>
  ctx.sql.begin((tx) => settleOpenCases(tx, reading, s));
const opened = async (text: string) => {
  const { body } = await postReport(app, { text });
  expect(body.outcome).toBe("opened");
  return body.caseId as string;
};

describe("intake's reading of the open cases", () => {
  it("finds, once settled, a case that a report of the same rumour opened after the reading", async () => {
    const reading = await read("听说琼海的椰子水被人打了针，喝了会中毒？");
    const caseId = await opened("琼海的椰子水被人打了针，喝了会中毒，千万别喝！");
    expect(covering(reading.best)).not.toContain(caseId);
    expect(covering(await settled(reading))).toEqual([caseId]);
  });

  it("drops, once settled, a case closed after the reading", async () => {
    const caseId = await opened("三亚海边捡到的蓝色水母晒干泡水能治痛风");
    const reading = await read("蓝色水母晒干泡水真的能治痛风吗？三亚海边捡的");
    expect(covering(reading.best)).toEqual([caseId]);
    await ctx.sql`update cases set status = 'closed', close_reason = 'duplicate' where id = ${caseId}`;
    expect(covering(await settled(reading))).toEqual([]);
  });

  it("follows reports moved to another case after the reading, and forgets the case they left", async () => {
    const from = await opened("儋州自来水厂被投毒了，这几天千万不要喝自来水");
    const to = (await createCaseRow(ctx.sql, { title: "另一个事件" })).id;
    const reading = await read("儋州自来水厂投毒，真的不能喝自来水了吗");
    expect(covering(reading.best)).toEqual([from]);
    await moveReports(ctx.sql, from, to);
    expect(covering(await settled(reading))).toEqual([to]);
  });

  it("settles to the same scores as a full reading taken now", async () => {
    const reading = await read("文昌发射场附近的鱼有辐射，不能吃了");
    await opened("文昌发射场附近的鱼都有辐射，千万不能吃了");
    await postReport(app, { text: "文昌发射场旁边的鱼带辐射吗？渔民都不敢卖了" });
    await opened("万宁的槟榔吃了能防台风感冒");
    const now = await read("文昌发射场附近的鱼有辐射，不能吃了");
    expect(covering(now.best).length).toBeGreaterThan(0);
    expect(now.best.size).toBeGreaterThan(reading.best.size);
    expect(rankCases(await settled(reading), { min: s.attachCase })).toEqual(
      rankCases(now.best, { min: s.attachCase }),
    );
  });

  it("finds through the bigram index every case a reading of all open cases would attach to", async () => {
    await opened("五指山的野生灵芝泡酒喝能治癌症，一瓶要卖三千");
    await opened("喝了五指山野生灵芝泡的酒，癌症真的好了吗");
    await ctx.sql`update reports set shingle_hashes = null where text_norm like '%灵芝泡酒%'`;
    // Nothing but common words: reached by a report's common words alone (its common share).
    const { body } = await postReport(app, {
      text: "新冠，病毒，肺炎，疫情，感染，预防，紧急，通知，大家，转发，千万，注意，扩散，专家，医生，医院",
    });
    const longForward =
      "网传新冠病毒肺炎疫情感染预防紧急通知大家转发千万注意扩散专家医生医院说五指山灵芝泡酒可以治";
    const everyCase = await readOpenCases(ctx.sql, normalizeText(longForward), s, 0);
    expect(covering(everyCase.best)).toContain(body.caseId);
    let attachable = 0;
    for (const text of [
      "五指山野生灵芝泡酒能治癌症吗",
      "听说新冠病毒肺炎疫情紧急通知大家转发",
      "灵芝",
      longForward,
    ]) {
      const norm = normalizeText(text);
      const everyCase = await readOpenCases(ctx.sql, norm, s, 0);
      const indexed = await readOpenCases(ctx.sql, norm, s, s.attachCase);
      expect(rankCases(indexed.best, { min: s.attachCase })).toEqual(
        rankCases(everyCase.best, { min: s.attachCase }),
      );
      attachable += rankCases(everyCase.best, { min: s.attachCase }).length;
    }
    expect(attachable).toBeGreaterThan(0);
  });

  it("leaves out, for a pasted message, a case whose lightest text it could never reach, and attaches as a reading of every case would", async () => {
    const light = await opened("临高县停水三天了吗");
    const rumour = await opened(
      "临高县的自来水里检测出大量重金属，喝了会得肾结石，家里有老人小孩的千万别喝",
    );
    const pasted = normalizeText(
      `【紧急扩散】各位亲朋好友：${"临高县的自来水里检测出大量重金属，喝了会得肾结石，家里有老人小孩的千万别喝。"}` +
        "据说是上游工厂偷排废水，疾控的朋友私下说的，现在还没有公开，大家赶紧去超市买桶装水，" +
        "晚了就抢不到了，看到的请转发给身边的人，功德无量。",
    );
    const query = fingerprint(pasted, s);
    const q = queryHashes(query, s);
    const every = await openCaseTexts(ctx.sql, q, undefined, 0);
    const bounded = await openCaseTexts(ctx.sql, q, caseCandidates(query, s, s.attachCase), 0);
    const cases = (r: typeof every) => r.texts.map((t) => t.caseId);
    expect(cases(every)).toContain(light);
    expect(cases(bounded)).not.toContain(light);
    expect(cases(bounded)).toContain(rumour);
    const everyCase = await readOpenCases(ctx.sql, pasted, s, 0);
    const indexed = await readOpenCases(ctx.sql, pasted, s, s.attachCase);
    expect(covering(indexed.best)).toEqual(covering(everyCase.best));
    expect(covering(indexed.best)).toContain(rumour);
  });
});

describe("a report's stored bigram hashes", () => {
  it("give the same scores as the report's text compared shingle by shingle", async () => {
    const cases = [
      await opened("定安的黑猪肉打了瘦肉精，吃了会中毒，大家赶紧转发给家人"),
      await opened("陵水的圣女果都是转基因的，孕妇和小孩千万不能吃，是真的吗"),
    ];
    const queries = [
      "定安黑猪肉有瘦肉精吗？吃了会不会中毒",
      "听说陵水圣女果是转基因，孕妇能吃吗",
      "紧急通知：大家赶紧转发给家人，是真的吗",
    ];
    const readAll = async () => {
      const out: number[] = [];
      for (const q of queries) {
        const { best } = await readOpenCases(ctx.sql, normalizeText(q), s, 0);
        out.push(...cases.map((id) => best.get(id) ?? 0));
      }
      return out;
    };
    const counted = await readAll();
    await ctx.sql`update reports set shingle_hashes = null where case_id = any(${cases}::uuid[])`;
    const compared = await readAll();
    expect(counted).toEqual(compared);
    expect(counted.filter((x) => x > 0 && x < 1).length).toBeGreaterThan(2);
  });
});

describe("what a reading sends back", () => {
  it("is one score per case reaching the line, the best Node gives the case's latest reports", async () => {
    const caseId = await opened("屯昌的黑山羊肉里检出瘦肉精，吃了会心慌手抖");
    for (const text of [
      "屯昌黑山羊肉检出瘦肉精？吃了心慌手抖",
      "听说屯昌的黑山羊肉有瘦肉精，吃了手抖",
    ])
      expect((await postReport(app, { text })).body.caseId).toBe(caseId);
    const query = fingerprint(normalizeText("屯昌黑山羊肉有瘦肉精吗，吃了会手抖吗"), s);
    const { texts } = await openCaseTexts(
      ctx.sql,
      queryHashes(query, s),
      caseCandidates(query, s, s.attachCase),
      s.attachCase,
    );
    const reports = await ctx.sql<{ textNorm: string }[]>`
      select text_norm from reports where case_id = ${caseId}`;
    const best = Math.max(...reports.map((r) => similarity(query, fingerprint(r.textNorm, s))));
    expect(reports).toHaveLength(3);
    const sent = texts.filter((t) => t.caseId === caseId);
    expect(sent.map((t) => [t.text, t.score])).toEqual([[null, best]]);
  });
});

describe("a case's bigram hashes", () => {
  it("follow a report's text read later, with or without the new text's hashes", async () => {
    const first = await postReport(app, { text: "琼中的山兰米饭里有塑料颗粒，大家别买了" });
    const second = await postReport(app, { text: "昌江的芒果打了催熟剂，小孩吃了会早熟" });
    expect([first.body.outcome, second.body.outcome]).toEqual(["opened", "opened"]);
    const later = "白沙绿茶里加了染色剂，喝了伤肝，千万别喝";
    await setReportText(ctx.sql, first.body.id as string, later, normalizeText(later));
    const written = "乐东的哈密瓜注射了甜蜜素，吃多了致癌";
    await ctx.sql`update reports set text_norm = ${normalizeText(written)} where id = ${second.body.id as string}`;
    expect(covering((await read("白沙绿茶加了染色剂伤肝吗")).best)).toEqual([first.body.caseId]);
    expect(covering((await read("乐东哈密瓜注射甜蜜素会致癌吗")).best)).toEqual([
      second.body.caseId,
    ]);
  });
});

describe("a report's tracking code", () => {
  it("is told apart when another report holds it already, so intake retries with another", async () => {
    const report = (trackingCode: string) =>
      insertReport(ctx.sql, {
        id: crypto.randomUUID(),
        trackingCode,
        caseId: null,
        rebuttalId: null,
        text: "测试线索",
        textNorm: "测试线索",
        sourceUrl: null,
        platform: null,
        regionCode: null,
        contact: null,
        outcome: "opened",
        matchScore: null,
        ipHash: "x",
        createdAt: new Date(),
      });
    await report("7K3M9Q2D");
    const taken = await report("7K3M9Q2D").catch((err: unknown) => err);
    expect(isTrackingCodeTaken(taken)).toBe(true);
    const invalid = await report("lowercase").catch((err: unknown) => err);
    expect(invalid).toBeInstanceOf(Error);
    expect(isTrackingCodeTaken(invalid)).toBe(false);
  });
});

describe("a report joining the case it was read against", () => {
  it("is counted, indexed and audited in a chain that verifies, when many join at once", async () => {
    const caseId = await opened("澄迈的福山咖啡里掺了罂粟壳，喝了会上瘾，千万别买");
    const wordings = [
      "福山咖啡掺罂粟壳会上瘾吗？澄迈的",
      "澄迈福山咖啡里有罂粟壳，喝了上瘾",
      "聽說澄邁的福山咖啡摻了罌粟殼，喝了會上癮",
      "福山咖啡掺了罂粟壳？千万别买，喝了会上瘾",
      "澄迈的福山咖啡掺罂粟壳，是真的吗",
    ];
    const results = await Promise.all(wordings.map((text) => postReport(app, { text })));
    expect(results.map((r) => [r.body.outcome, r.body.caseId])).toEqual(
      wordings.map(() => ["attached", caseId]),
    );
    const [row] = await ctx.sql<{ n: number; held: boolean }[]>`
      select c.report_count as n, c.shingle_hashes @> (
        select array_agg(h) from reports r, unnest(r.shingle_hashes) h where r.case_id = c.id
      ) as held
      from cases c where c.id = ${caseId}`;
    expect(row).toEqual({ n: 1 + wordings.length, held: true });
    const audited = await ctx.sql<{ id: string }[]>`
      select object_id as id from audit_log
      where action = 'report.created'
        and object_id = any(${results.map((r) => r.body.id as string)}::text[])`;
    expect(audited).toHaveLength(wordings.length);
    expect(await verifyAuditChain(ctx.sql)).toMatchObject({ ok: true });
  });

  it("opens a case of its own when that case is closed while the report is being attached", async () => {
    const caseId = await opened("临高的海鸭蛋被查出含苏丹红，已经有人吃进医院了");
    const [before] = await ctx.sql<{ n: number }[]>`
      select report_count as n from cases where id = ${caseId}`;
    let report: Promise<Awaited<ReturnType<typeof postReport>>> | undefined;
    await ctx.sql.begin(async (tx) => {
      await tx`select id from cases where id = ${caseId} for update`;
      report = postReport(app, { text: "临高海鸭蛋含苏丹红？有人吃了进医院，是真的吗" });
      // The report's attach waits on the case row this transaction holds.
      await untilWaitingOnLock(ctx.sql);
      await tx`update cases set status = 'closed', close_reason = 'duplicate' where id = ${caseId}`;
    });
    const { body } = await report!;
    expect(body.outcome).toBe("opened");
    expect(body.caseId).not.toBe(caseId);
    const [after] = await ctx.sql<{ n: number }[]>`
      select report_count as n from cases where id = ${caseId}`;
    expect(after!.n).toBe(before!.n);
  });
});

describe("a report answered at once by a rebuttal", () => {
  it("is counted on the rebuttal and audited in a chain that verifies, when many arrive at once", async () => {
    const claim = "喝板蓝根冲剂能预防新冠病毒感染？";
    const { id: rebuttalId } = await createRebuttal(ctx.sql, {
      externalId: null,
      claim,
      verdict: "false",
      title: claim,
      summary: "板蓝根不能预防新冠病毒感染",
      bodyMd: "目前没有证据表明板蓝根能预防新冠病毒感染。",
      category: "infectious-disease",
    });
    await deriveRebuttalSearch(ctx.sql, rebuttalId);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => postReport(app, { text: claim })),
    );
    expect(results.map((r) => r.body.outcome)).toEqual(results.map(() => "matched"));
    const [row] = await ctx.sql<{ n: number; reports: number }[]>`
      select b.report_count as n,
             (select count(*)::int from reports r where r.rebuttal_id = b.id) as reports
      from rebuttals b where b.id = ${rebuttalId}`;
    expect(row).toEqual({ n: 5, reports: 5 });
    const audited = await ctx.sql<{ id: string }[]>`
      select object_id as id from audit_log
      where action = 'report.created' and data->>'rebuttalId' = ${rebuttalId}
        and object_id = any(${results.map((r) => r.body.id as string)}::text[])`;
    expect(audited).toHaveLength(5);
    expect(await verifyAuditChain(ctx.sql)).toMatchObject({ ok: true });
  });
});
