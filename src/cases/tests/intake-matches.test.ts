import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dxyRumours, postReport } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { publishDxyRumour } from "../../../tests/support/library-factories.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { createSearch } from "../../library/search.ts";
import { createLogger } from "../../log.ts";
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

describe("intake's brief cache of library matches", () => {
  it("reuses the match of the same text for at most a second, then sees a new publication", async () => {
    const rumour = dxyRumours().find((r) => r.id === "dxy-2")!;
    const first = await postReport(app, { text: rumour.claim });
    expect(first.body.outcome).toBe("opened");

    const rebuttalId = await publishDxyRumour(ctx.sql, rumour);
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
    await publishDxyRumour(ctx.sql, rumour);
    const spaced = await postReport(app, { text: `  ${rumour.claim}  ` });
    expect(spaced.body).toMatchObject({ outcome: "attached", caseId: first.body.caseId });
  });

  it("matches reports of one text arriving together once, not once per report", async () => {
    const match = ctx.deps.search.match;
    let asked = 0;
    ctx.deps.search.match = (text, opts) => {
      asked++;
      return match(text, opts);
    };
    try {
      const text = "万泉河的河水被上游化工厂污染了，喝了会得怪病，大家快转告";
      const reports = await Promise.all(Array.from({ length: 5 }, () => postReport(app, { text })));
      expect(reports.map((r) => r.res.status)).toEqual(reports.map(() => 201));
      expect(asked).toBe(1);
    } finally {
      ctx.deps.search.match = match;
    }
  });

  it("is off at 0 and never keeps an answer longer than a second", () => {
    expect(createIntakeMatches(0)).toBeUndefined();
    expect(createIntakeMatches(60_000)!.ttlMs).toBe(INTAKE_MATCH_MAX_MS);
  });

  it("matches a report on Postgres's candidates without asking Meilisearch anything", async () => {
    const asked: string[] = [];
    const server = http.createServer((req, res) => {
      asked.push(`${req.method} ${req.url}`);
      res.writeHead(503).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const search = createSearch({
        sql: ctx.sql,
        log: createLogger({ level: "silent" }),
        url,
        key: "unused",
        prefix: ctx.indexPrefix,
        cacheMs: 0,
      });
      const rumour = dxyRumours().find((r) => r.id === "dxy-5")!;
      const rebuttalId = await publishDxyRumour(ctx.sql, rumour);
      const own = createApp({ ...ctx.deps, search, intakeMatches: undefined });
      const report = await postReport(own, { text: rumour.claim });
      expect(report.body.outcome).toBe("matched");
      expect((report.body.matches as { rebuttalId: string }[])[0]!.rebuttalId).toBe(rebuttalId);
      expect(asked).toEqual([]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
