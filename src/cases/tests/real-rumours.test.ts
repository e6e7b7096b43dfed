import * as OpenCC from "opencc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cofactsMessages, dxyRumours, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { deriveRebuttalSearch } from "../../library/derive.ts";

const toTraditional = OpenCC.Converter({ from: "cn", to: "tw" });
const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });

let ctx: TestContext;
let app: App;
const rebuttalIds = new Map<string, string>();

// The whole real library is live: 176 DXY rebuttals and 120 Cofacts answers, derived for search
// as the publisher and the index task would.
beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
  for (const r of dxyRumours()) {
    const { id } = await createRebuttal(ctx.sql, {
      externalId: r.id,
      claim: r.claim,
      verdict: r.verdict,
      summary: r.summary.slice(0, 140),
      bodyMd: r.body,
    });
    rebuttalIds.set(r.id, id);
  }
  for (const m of cofactsMessages()) {
    const { id } = await createRebuttal(ctx.sql, {
      externalId: m.id,
      claim: m.claim,
      title: m.claim.slice(0, 60),
      summary: m.answer.slice(0, 140),
      bodyMd: m.answer,
    });
    rebuttalIds.set(m.id, id);
  }
  for (const id of rebuttalIds.values()) await deriveRebuttalSearch(ctx.sql, id);
}, 120_000);
afterAll(() => ctx.close());

async function misses(reports: { id: string; text: string }[]) {
  const missed: string[] = [];
  for (const r of reports) {
    const { body } = await postReport(app, { text: r.text });
    const best = (body.matches as { rebuttalId: string }[])[0];
    if (body.outcome !== "matched" || best?.rebuttalId !== rebuttalIds.get(r.id)) missed.push(r.id);
  }
  return missed;
}

describe("reports of rumours the real library already answers", () => {
  it("match DXY questions forwarded in Traditional Chinese with chatter around them", async () => {
    const reports = dxyRumours().map((d) => ({
      id: d.id,
      text: `朋友圈转发：${toTraditional(d.claim.replace(/[？?]$/, ""))}，是真的嗎？大家注意！`,
    }));
    const missed = await misses(reports);
    expect(missed, `unmatched: ${missed.join(", ")}`).toHaveLength(0);
  }, 60_000);

  it("match most Cofacts forwards pasted in part and in Simplified Chinese", async () => {
    const reports = cofactsMessages().map((m) => ({
      id: m.id,
      // Cut by code points: half an emoji is refused like a control character.
      text: `家族群里看到的：\n${toSimplified([...m.claim].slice(0, Math.max(20, Math.floor([...m.claim].length * 0.6))).join(""))}`,
    }));
    const missed = await misses(reports);
    // Two forwards are bare links, and 60 % of a link is no longer the link: 95 % must match.
    expect(missed.length, `unmatched: ${missed.join(", ")}`).toBeLessThanOrEqual(
      reports.length * 0.05,
    );
    const [counted] = await ctx.sql`select sum(report_count)::int as n from rebuttals`;
    expect(counted!.n).toBeGreaterThanOrEqual(dxyRumours().length + reports.length - missed.length);
  }, 60_000);
});
