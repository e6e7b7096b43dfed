import { escapeHtml } from "../../http/html.ts";
import { answerWord, bareClaim, claimWord } from "../../vocabulary/claim-answer.ts";
import { verdictColours, verdictLabel, verdicts } from "../../vocabulary/verdicts.ts";

// The verdict colour marks the claim (badge and the claim's left rule), never the answer.
const verdictStyle = verdicts
  .map(
    (v) =>
      `.v-${v}{background:${verdictColours[v]}}.claim-${v}{border-left-color:${verdictColours[v]}}`,
  )
  .join("");

const STYLE = `body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:720px;margin:0 auto;padding:12px 16px}a{color:#0b4f8a}
header.site{background:#0b5394;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;gap:4px 16px;align-items:center}
header.site a{color:#fff;text-decoration:none}header.site .brand{font-weight:700;margin-right:auto}
header.site nav{display:flex;flex-wrap:wrap;gap:4px 14px}header.site nav a[aria-current]{text-decoration:underline}
header.site a:focus-visible,a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
form.search{display:flex;gap:6px;margin:12px 0}
input[type=search]{flex:1;min-width:0;font-size:16px;padding:8px}button{font-size:16px;padding:8px 14px;background:#0b5394;color:#fff;border:0;border-radius:4px}
.hit{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 12px;margin:10px 0}.hit h3{margin:6px 0}
.v{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:14px}
.claim{border-left:4px solid #5f6b6d;background:#f3f3f3;padding:6px 10px;margin:8px 0;border-radius:0 6px 6px 0}
.word{display:inline-block;font-size:14px;font-weight:700;margin-right:6px;color:#444}
.answer .word{color:#0b5394}.answer{border-left:4px solid #0b5394;background:#fff;padding:6px 10px;margin:8px 0;border-radius:0 6px 6px 0}
.answer h1{margin:4px 0;font-size:24px}
${verdictStyle}
mark{background:#fff3a0}.muted{color:#595959;font-size:14px}.retracted{background:#fdecea;padding:8px;border-radius:6px}
.chips{display:flex;flex-wrap:wrap;gap:6px;padding:0;list-style:none}.chips a{display:inline-block;padding:2px 10px;border:1px solid #0b5394;border-radius:14px;text-decoration:none;background:#fff}
.pager{display:flex;gap:12px;align-items:center;justify-content:center;margin:16px 0}
.no-answer{background:#fff8e1;border:1px solid #e0c26b;border-radius:6px;padding:10px 12px}
footer.site{max-width:720px;margin:24px auto;padding:0 16px 24px;color:#595959;font-size:14px}`;

/** Where the public navigation leads; `current` marks the page the reader is on. */
const NAV = [
  { key: "library", href: "/", label: "辟谣库" },
  { key: "categories", href: "/#categories", label: "分类" },
  { key: "report", href: "/report", label: "我要举报" },
  { key: "verify", href: "/verify", label: "核验信息真伪" },
] as const;
export type NavKey = (typeof NAV)[number]["key"];

function siteHeader(current?: NavKey): string {
  const links = NAV.map(
    (n) => `<a href="${n.href}"${n.key === current ? ' aria-current="page"' : ""}>${n.label}</a>`,
  ).join("");
  return `<header class="site"><a class="brand" href="/">应急科普 · 辟谣库</a><nav aria-label="主导航">${links}</nav></header>`;
}

const FOOTER = `<footer class="site">订阅辟谣库：<a href="/feeds/atom.xml">Atom</a> · <a href="/feeds/rss.xml">RSS</a> · <a href="/feeds/feed.json">JSON Feed</a></footer>`;

/** The public page frame: zh-CN, inline CSS, no script, no external resources. */
export function layout(opts: {
  title: string;
  body: string;
  head?: string;
  publicUrl: string;
  current?: NavKey;
}) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(opts.title)} · 应急科普辟谣库</title>
<link rel="alternate" type="application/atom+xml" title="辟谣库 Atom" href="/feeds/atom.xml">
<link rel="alternate" type="application/rss+xml" title="辟谣库 RSS" href="/feeds/rss.xml">
<link rel="alternate" type="application/feed+json" title="辟谣库 JSON Feed" href="/feeds/feed.json">
<style>${STYLE}</style>${opts.head ?? ""}</head>
<body>${siteHeader(opts.current)}<main>${opts.body}</main>${FOOTER}</body></html>`;
}

/** A verdict badge. */
export function verdictBadge(verdict: string | null): string {
  if (!verdict) return "";
  return `<span class="v v-${escapeHtml(verdict)}">${escapeHtml(verdictLabel(verdict))}</span>`;
}

/**
 * The rumour with its verdict ("网传「…」？谣言"), in the verdict's colour; empty without a claim.
 * `claimHtml` is already escaped (search highlights carry `<mark>`).
 */
export function claimHtml(claimHtml: string | null, verdict: string | null, tag = "p"): string {
  if (!claimHtml) return "";
  const claim = bareClaim(claimHtml);
  const colour = verdict ? ` claim-${escapeHtml(verdict)}` : "";
  return `<${tag} class="claim${colour}"><span class="word">${claimWord}</span>「${claim}」${verdict ? `？${verdictBadge(verdict)}` : ""}</${tag}>`;
}

/** The word 真相 that opens the answer, only where there is a claim to answer. */
export function answerWordHtml(hasClaim: boolean): string {
  return hasClaim ? `<span class="word">${answerWord}</span>` : "";
}

/** The search box. */
export function searchForm(q = ""): string {
  return `<form class="search" action="/" method="get" role="search"><input type="search" name="q" value="${escapeHtml(q)}"
 aria-label="搜索辟谣库" placeholder="输入你听到的说法，或粘贴整条转发消息" maxlength="5000"><button>查一查</button></form>`;
}

/** Previous / next links for a list of `total` items shown `size` at a time. */
export function pager(p: {
  total: number;
  page: number;
  size: number;
  href: (page: number) => string;
}) {
  const pages = Math.ceil(p.total / p.size);
  if (pages <= 1) return "";
  const prev =
    p.page > 1 ? `<a href="${escapeHtml(p.href(p.page - 1))}" rel="prev">上一页</a>` : "";
  const next =
    p.page < pages ? `<a href="${escapeHtml(p.href(p.page + 1))}" rel="next">下一页</a>` : "";
  return `<nav class="pager" aria-label="分页">${prev}<span>第 ${p.page} / ${pages} 页</span>${next}</nav>`;
}
