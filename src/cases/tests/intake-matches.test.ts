import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dxyRumours, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { deriveRebuttalSearch } from "../../library/derive.ts";
import { createIntakeMatches, INTAKE_MATCH_MAX_MS } from "../intake-matches.ts";

let ctx: TestContext;
let app: App;
let clock = new Date("2026-11-30T08:00:00Z");

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  ctx.deps.now = () => clock;
  ctx.deps.intakeMatches = createIntakeMatches(INTAKE_MATCH_MAX_MS);
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const publish = async (r: ReturnType<typeof dxyRumours>[number]) => {
  const { id } = await createRebuttal(ctx.sql, {
    externalId: r.id,
    claim: r.claim,
    verdict: r.verdict,
    title: r.claim,
    summary: r.summary.slice(0, 140),
    bodyMd: r.body,
    category: "infectious-disease",
  });
  await deriveRebuttalSearch(ctx.sql, id);
  return id;
};

describe("intake's brief cache of library matches", () => {
  it("reuses the match of the same text for at most a second, then sees a new publication", async () => {
    const rumour = dxyRumours().find((r) => r.id === "dxy-2")!;
    const first = await postReport(app, { text: rumour.claim });
    expect(first.body.outcome).toBe("opened");

    const rebuttalId = await publish(rumour);
    clock = new Date(clock.getTime() + INTAKE_MATCH_MAX_MS);
    const within = await postReport(app, { text: rumour.claim });
    expect(within.body).toMatchObject({ outcome: "attached", caseId: first.body.caseId });

    clock = new Date(clock.getTime() + 1);
    const after = await postReport(app, { text: rumour.claim });
    expect(after.body.outcome).toBe("matched");
    expect((after.body.matches as { rebuttalId: string }[])[0]!.rebuttalId).toBe(rebuttalId);
  });

  it("keeps a text's match under its folded form, so a differently spaced copy reuses it", async () => {
    const rumour = dxyRumours().find((r) => r.id === "dxy-3")!;
    const first = await postReport(app, { text: rumour.claim });
    expect(first.body.outcome).toBe("opened");
    await publish(rumour);
    const spaced = await postReport(app, { text: `  ${rumour.claim}  ` });
    expect(spaced.body).toMatchObject({ outcome: "attached", caseId: first.body.caseId });
  });

  it("is off at 0 and never keeps an answer longer than a second", () => {
    expect(createIntakeMatches(0)).toBeUndefined();
    expect(createIntakeMatches(60_000)!.ttlMs).toBe(INTAKE_MATCH_MAX_MS);
  });
});
