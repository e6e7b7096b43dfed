import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserSession } from "../../../tests/support/access-factories.ts";
import { newAddress } from "../../../tests/support/cases-factories.ts";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import { createRebuttal } from "../../../tests/support/library-factories.ts";
import type { PublicEventEnvelope } from "../../events/envelope.ts";
import { capAlert } from "../../fanout/cap.ts";
import { rebuttalEmail } from "../../fanout/email-content.ts";
import { createApp } from "../../http/app.ts";
import { deriveRebuttalSearch } from "../../library/derive.ts";
import type { RebuttalRow } from "../../review/db/publish.ts";
import { newRebuttalSlug, rebuttalEventData } from "../../review/publish.ts";
import { pinyinSlug } from "../../text/slug.ts";
import { claimLine } from "../../vocabulary/claim-answer.ts";
import { verdictLabels } from "../../vocabulary/verdicts.ts";

const TYPHOON = {
  claim: "台风天开窗能平衡室内外气压，防止玻璃被压碎",
  verdict: "false" as const,
  title: "台风天应关紧门窗，不要开窗",
  summary: "开窗不能平衡气压，反而让强风灌入室内。",
};

let ctx: TestContext;
let typhoonId: string;
beforeAll(async () => {
  ctx = await createTestContext();
  const r = await createRebuttal(ctx.sql, {
    ...TYPHOON,
    slug: "typhoon-windows",
    category: "weather",
    sources: [{ title: "中国气象局", url: "https://www.cma.gov.cn/" }],
  });
  typhoonId = r.id;
  await deriveRebuttalSearch(ctx.sql, r.id);
  for (let i = 1; i <= 12; i++)
    await createRebuttal(ctx.sql, {
      slug: `quake-${i}`,
      claim: `第${i}条地震传言`,
      title: `地震科普第${i}条`,
      category: "earthquake",
      publishedAt: new Date(Date.UTC(2026, 0, i)),
    });
});
afterAll(() => ctx.close());

const app = () => createApp(ctx.deps);
const page = async (path: string) => {
  const res = await app().request(path);
  return { status: res.status, text: await res.text(), res };
};
/** What a reader sees: tags removed, entities of the escaped text decoded. */
const visible = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

const labels = Object.values(verdictLabels);

/**
 * The safety rule of issue 13: wherever the answer's title appears, no verdict label stands just
 * before it unless 真相 comes between them; and the claim is shown with its verdict.
 */
function expectClaimAndAnswerApart(channel: string, text: string) {
  let at = text.indexOf(TYPHOON.title);
  expect(at, `${channel} shows the answer`).toBeGreaterThanOrEqual(0);
  while (at >= 0) {
    const before = text.slice(Math.max(0, at - 24), at);
    const label = Math.max(...labels.map((l) => before.lastIndexOf(l)));
    if (label >= 0)
      expect(before.slice(label), `${channel}: label before the answer`).toContain("真相");
    at = text.indexOf(TYPHOON.title, at + 1);
  }
  expect(text, `${channel} shows the claim with its verdict`).toContain(claimLine(TYPHOON));
}

function envelope(type: PublicEventEnvelope["type"] = "rebuttal.published"): PublicEventEnvelope {
  const now = new Date().toISOString();
  return {
    id: crypto.randomUUID(),
    type,
    seq: 7,
    occurredAt: now,
    data: {
      rebuttal: {
        id: typhoonId,
        slug: "typhoon-windows",
        url: "http://chorus.test/r/typhoon-windows",
        kind: "rebuttal",
        ...TYPHOON,
        category: "weather",
        regions: ["460000"],
        urgency: 2,
        coSigners: [],
        version: 1,
        publishedAt: now,
        updatedAt: now,
        drill: false,
      },
    },
  } as PublicEventEnvelope;
}

describe("claim and answer are told apart on every channel", () => {
  it("on the rebuttal page, search hits, the home list and a category page", async () => {
    const rebuttal = await page("/r/typhoon-windows");
    expect(rebuttal.status).toBe(200);
    expectClaimAndAnswerApart("rebuttal page", visible(rebuttal.text));
    expect(rebuttal.text).toMatch(
      /<section class="answer"[^>]*><span class="word">真相<\/span><h1>/,
    );
    // The verdict's colour marks the claim block, not the answer.
    expect(rebuttal.text).toMatch(/<div class="claim claim-false">/);
    expect(rebuttal.text).not.toMatch(/class="answer[^"]*claim-/);
    const search = await page(`/?q=${encodeURIComponent("台风天开窗能平衡气压吗")}`);
    expectClaimAndAnswerApart("search hit", visible(search.text));
    expectClaimAndAnswerApart("home list", visible((await page("/")).text));
    expectClaimAndAnswerApart("category page", visible((await page("/c/weather")).text));
  });

  it("in the Atom, RSS and JSON feeds", async () => {
    for (const feed of ["/feeds/atom.xml", "/feeds/rss.xml"]) {
      const titles = [...(await page(feed)).text.matchAll(/<title>(.*?)<\/title>/g)].map(
        (m) => m[1]!,
      );
      const mine = titles.find((t) => t.includes(TYPHOON.title))!;
      expect(mine).toBe(`${claimLine(TYPHOON)}。真相：${TYPHOON.title}`);
      expectClaimAndAnswerApart(feed, mine);
    }
    const json = JSON.parse((await page("/feeds/feed.json")).text);
    const item = json.items.find((i: { id: string }) => i.id === typhoonId);
    expectClaimAndAnswerApart("JSON Feed", item.title);
  });

  it("in email subjects and bodies, CAP and the event payload", async () => {
    const mail = rebuttalEmail(envelope(), "http://chorus.test/unsubscribe/x");
    expect(mail.subject).toBe(`[重大] ${claimLine(TYPHOON)}。真相：${TYPHOON.title}`);
    for (const [part, text] of Object.entries(mail))
      expectClaimAndAnswerApart(`email ${part}`, part === "html" ? visible(text) : text);
    const cap = capAlert(envelope(), false, {
      sender: "chorus.test",
      senderName: "应急科普快速响应平台",
      regionNames: new Map(),
      capCategories: new Map(),
      earlier: [],
    });
    expectClaimAndAnswerApart("CAP headline", /<headline>(.*)<\/headline>/.exec(cap)![1]!);
    expect(/<description>([\s\S]*)<\/description>/.exec(cap)![1]).toMatch(/^真相：/);
    const [row] = await ctx.sql<RebuttalRow[]>`
      select id, slug, case_id, revision_id, kind, claim, verdict, title, summary, category,
        regions, urgency, co_signer_org_ids, status, drill, version, published_at, updated_at,
        retracted_at, retraction_reason
      from rebuttals where id = ${typhoonId}`;
    const data = await rebuttalEventData(ctx.sql, ctx.deps, row!);
    expect(data.rebuttal.headline).toBe(`${claimLine(TYPHOON)}。真相：${TYPHOON.title}`);
    expectClaimAndAnswerApart("event payload headline", data.rebuttal.headline!);
  });
});

describe("a public site that leads somewhere", () => {
  it("every public page carries the same navigation: 辟谣库, 分类, 我要举报, 核验信息真伪", async () => {
    for (const path of ["/", "/?q=x", "/r/typhoon-windows", "/c/weather", "/report", "/verify"]) {
      const { status, text } = await page(path);
      expect(status, path).toBe(200);
      const nav = /<nav aria-label="主导航">(.*?)<\/nav>/.exec(text)?.[1] ?? "";
      for (const link of ['href="/"', 'href="/#categories"', 'href="/report"', 'href="/verify"'])
        expect(nav, `${path} ${link}`).toContain(link);
      expect(text, path).not.toContain("/console");
    }
    expect((await page("/")).text).toContain('id="categories"');
  });

  it("pages a category list ten at a time and treats a bad page number as the first page", async () => {
    const first = visible((await page("/c/earthquake")).text);
    expect(first).toContain("地震科普第12条");
    expect(first).not.toContain("地震科普第2条");
    expect(first).toContain("第 1 / 2 页");
    expect((await page("/c/earthquake")).text).toContain('href="/c/earthquake?page=2"');
    const second = await page("/c/earthquake?page=2");
    expect(visible(second.text)).toContain("地震科普第1条");
    expect(second.text).toContain('href="/c/earthquake?page=1" rel="prev"');
    expect(visible((await page("/c/earthquake?page=abc")).text)).toContain("第 1 / 2 页");
  });

  it("pages search results and keeps the question in the page links", async () => {
    const q = "地震科普";
    const first = await page(`/?q=${encodeURIComponent(q)}`);
    const next = `/?${new URLSearchParams({ q, page: "2" })}`;
    expect(first.text).toContain(`href="${next.replace(/&/g, "&amp;")}" rel="next"`);
    const second = visible((await page(next)).text);
    expect(second).toMatch(/第 2 \/ \d 页/);
    expect(second).toContain("地震科普第");
  });

  it("a search without an answer says so and leads to 我要举报 with the text", async () => {
    const q = "听说吃香蕉皮能治好近视眼";
    const { text } = await page(`/?q=${encodeURIComponent(q)}`);
    expect(text).toContain("暂无权威解答");
    expect(text).toContain(`href="/report?text=${encodeURIComponent(q)}"`);
    expect(visible(text)).toContain("我要举报这条消息");
  });

  it("/report uses the public layout and after a submit shows the result over an empty form", async () => {
    const form = await page("/report");
    expect(form.text).toContain("应急科普 · 辟谣库");
    const text = "网传明天全岛停水三天，赶紧囤水！";
    const sent = await app().request("/report", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": newAddress(),
      },
      body: new URLSearchParams({ text, platform: "wechat" }).toString(),
    });
    expect(sent.status).toBe(303);
    const location = sent.headers.get("location")!;
    expect(location).toMatch(/^\/report\?sent=(opened|attached)&code=[0-9A-Z]+$/);
    const result = await page(location);
    expect(result.status).toBe(200);
    expect(result.text).toContain('role="status"');
    expect(visible(result.text)).toContain("线索已提交");
    expect(result.text).not.toContain(text);
    expect(result.text).toMatch(/<textarea[^>]*>\s*<\/textarea>/);
    // The tracking code to follow the report comes with the result.
    const code = new URL(location, "http://x").searchParams.get("code")!;
    expect(result.text).toContain(`href="/report/${code}"`);
  });

  it("a report that matches an answer links it, claim and answer apart", async () => {
    const { text } = await page(`/report?sent=matched&r=${typhoonId},not-a-uuid`);
    expect(visible(text)).toContain("已有解答");
    expect(text).toContain('href="/r/typhoon-windows"');
    expectClaimAndAnswerApart("report result", visible(text));
  });

  it("a report with a bad link keeps the text and names the field", async () => {
    const res = await app().request("/report", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": newAddress(),
      },
      body: new URLSearchParams({ text: "某条消息", sourceUrl: "not a url" }).toString(),
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("某条消息");
    expect(html).toContain('class="field-error"');
  });
});

describe("one form kit on the public site", () => {
  const postForm = (form: FormData, headers: Record<string, string> = {}) =>
    app().request("/report", {
      method: "POST",
      body: form,
      headers: { "x-forwarded-for": newAddress(), ...headers },
    });

  it("/report offers an optional screenshot and posts as multipart", async () => {
    const { text } = await page("/report");
    expect(text).toMatch(/<form method="post" action="\/report" enctype="multipart\/form-data"/);
    expect(text).toContain('<label for="image">上传截图（可选）</label>');
    expect(text).toMatch(
      /<input id="image" name="image" type="file" accept="image\/png,image\/jpeg,image\/webp"/,
    );
  });

  it("a typed report sent as multipart is taken like the plain form", async () => {
    const form = new FormData();
    form.set("text", "网传今晚全市断网检修，提前下载好地图");
    form.set("image", new File([], "")); // the browser sends an empty file field when none is chosen
    const res = await postForm(form);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/report\?sent=(opened|attached)&code=/);
  });

  it("a file that is not an image is refused in Chinese under the file field, the text kept", async () => {
    const form = new FormData();
    form.set("text", "网传某小区自来水有毒");
    form.set(
      "image",
      new File([new TextEncoder().encode("not a picture")], "a.png", { type: "image/png" }),
    );
    const res = await postForm(form);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(
      /<p class="field-error" id="image-error" role="alert">[^<]*图片[^<]*<\/p>/,
    );
    expect(html).toContain("网传某小区自来水有毒");
    const rows = await ctx.sql`select 1 from reports where text = ${"网传某小区自来水有毒"}`;
    expect(rows).toHaveLength(0);
  });

  it("a report without text or screenshot names the text field", async () => {
    const res = await postForm(new FormData());
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(
      /<p class="field-error" id="text-error" role="alert">线索内容不能为空/,
    );
  });

  it("a signed-in reader's forms carry their CSRF field, so their votes and reports are taken, and their pages stay out of shared caches", async () => {
    const s = await browserSession(app(), ctx.sql, ["coordinator"]);
    const reader = await app().request("/r/typhoon-windows", { headers: { cookie: s.cookie } });
    expect(reader.headers.get("cache-control")).toBe("private, no-store");
    const html = await reader.text();
    expect(html).toContain(`name="_csrf" value="${s.csrf}"`);
    const vote = await app().request(`/r/${typhoonId}/helpful`, {
      method: "POST",
      headers: {
        cookie: s.cookie,
        origin: "http://chorus.test",
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": newAddress(),
      },
      body: new URLSearchParams({ _csrf: s.csrf, helpful: "yes" }).toString(),
    });
    expect(vote.status).toBe(303);
    expect(vote.headers.get("location")).toBe("/r/typhoon-windows?voted=thanks#helpful");
    const thanked = await (await app().request("/r/typhoon-windows?voted=thanks")).text();
    expect(thanked).toContain('<p class="notice" role="status">谢谢你的评价！</p>');
    const odd = await app().request("/r/typhoon-windows?voted=constructor");
    expect(await odd.text()).not.toContain('class="notice"');
    const anonymous = await app().request("/r/typhoon-windows");
    expect(anonymous.headers.get("cache-control")).toBe("public, max-age=10");
    expect(await anonymous.text()).not.toContain(s.csrf);
  });
});

describe("readable slugs", () => {
  it("a new rebuttal gets its title in pinyin, the case number when taken, and old slugs still work", async () => {
    const title = "暴雨天不要在桥下避雨";
    const base = pinyinSlug(title);
    expect(base).toMatch(/^[a-z0-9-]+$/);
    expect(await newRebuttalSlug(ctx.sql, title, 41)).toBe(base);
    await createRebuttal(ctx.sql, { slug: base, claim: "暴雨天躲桥下最安全", title });
    expect(await newRebuttalSlug(ctx.sql, title, 41)).toBe(`${base}-41`);
    expect(await newRebuttalSlug(ctx.sql, "！？", 42)).toBe("case-42");
    await createRebuttal(ctx.sql, { slug: "case-1", claim: "旧地址的辟谣" });
    expect((await page("/r/case-1")).status).toBe(200);
  });
});
