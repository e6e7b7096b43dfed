import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { importRebuttals } from "../../src/library/import-rebuttals.ts";
import { renderMarkdown } from "../../src/text/markdown.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

let ctx: TestContext;
let app: App;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const item = (externalId: string, url: string) =>
  JSON.stringify({
    externalId,
    claim: "喝椰子水可以预防登革热？",
    verdict: "false",
    summary: "椰子水不能预防登革热，防蚊灭蚊才是关键。",
    body: "登革热由伊蚊传播。",
    sources: [{ title: "来源", url }],
  });

const html = (path: string) => app.request(path, { headers: { accept: "text/html" } });

describe("no script runs from content, and pages say so in their CSP", () => {
  it("import refuses javascript:, data: and other non-http(s) source URLs", async () => {
    const result = await importRebuttals(ctx.deps, [
      item("js-1", "javascript:alert(document.cookie)"),
      item("js-2", "data:text/html,<script>alert(1)</script>"),
      item("js-3", "JAVASCRIPT:alert(1)"),
      item("ok-1", "https://www.nhc.gov.cn/answer.shtml"),
    ]);
    expect(result.refused.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(result.added).toBe(1);
  });

  it("a rebuttal page never links a stored javascript: source", async () => {
    await importRebuttals(ctx.deps, [item("old-1", "https://example.cn/a")]);
    await ctx.sql`
      update rebuttals set sources = ${ctx.sql.json([{ title: "旧来源", url: "javascript:alert(1)" }])}
      where external_id = 'old-1'`;
    const [row] = await ctx.sql`select slug from rebuttals where external_id = 'old-1'`;
    const res = await html(`/r/${row!.slug}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("旧来源");
    expect(page).not.toMatch(/href="\s*javascript:/i);
  });

  it("every page carries a CSP that forbids inline script and remote images, and has none", async () => {
    const [row] = await ctx.sql`select slug from rebuttals limit 1`;
    for (const path of ["/", "/report", "/console/sign-in", `/r/${row!.slug}`, "/api/docs"]) {
      const res = await html(path);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
      expect(scriptSrc, path).toBe("'self'");
      expect(csp, path).toMatch(/img-src 'self' data:(;|$)/);
      expect(csp, path).toContain("object-src 'none'");
      const page = await res.text();
      const inline = [...page.matchAll(/<script\b([^>]*)>/gi)].filter(
        ([, attrs]) => !/\bsrc=/.test(attrs!) && !/type="application\/ld\+json"/.test(attrs!),
      );
      expect(inline, path).toEqual([]);
      expect(page, path).not.toMatch(/\son[a-z]+\s*=|href="javascript:/i);
    }
  });

  it("rendered Markdown loads no remote image: it becomes a link", () => {
    const out = renderMarkdown("看图 ![追踪像素](https://tracker.example/p.gif)");
    expect(out).not.toContain("<img");
    expect(out).toContain('href="https://tracker.example/p.gif"');
    expect(out).toContain("图片：追踪像素");
  });
});
