import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSession } from "../../../tests/support/access-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";
import { browserVocabulary } from "../browser.ts";

let ctx: TestContext;
let app: App;
beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

describe("browser scripts read the vocabulary from the server's own module", () => {
  it("/assets/vocabulary.js sets window.chorusVocabulary to the vocabulary's labels", async () => {
    const res = await app.request("/assets/vocabulary.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    const window: { chorusVocabulary?: unknown } = {};
    vm.runInNewContext(await res.text(), { window, Object });
    expect(window.chorusVocabulary).toEqual(browserVocabulary);
  });

  it("answers a repeated request with 304 by its ETag", async () => {
    const first = await app.request("/assets/vocabulary.js");
    const etag = first.headers.get("etag")!;
    const again = await app.request("/assets/vocabulary.js", {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
  });

  it("the media portal loads the vocabulary before its live-feed script", async () => {
    const media = await browserSession(app, ctx.sql, ["media"]);
    const res = await app.request("/console/media", { headers: { cookie: media.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const vocabulary = html.indexOf('src="/assets/vocabulary.js"');
    expect(vocabulary).toBeGreaterThan(-1);
    expect(html.indexOf('src="/assets/media-live.js"')).toBeGreaterThan(vocabulary);
  });
});
