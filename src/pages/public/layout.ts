import { escapeHtml } from "../../http/html.ts";
import { verdictColours, verdictLabel, verdicts } from "../../vocabulary/verdicts.ts";

const verdictStyle = verdicts.map((v) => `.v-${v}{background:${verdictColours[v]}}`).join("");

const STYLE = `body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:720px;margin:0 auto;padding:12px 16px}header{background:#0b5394;color:#fff;padding:10px 16px}
header a{color:#fff;text-decoration:none;font-weight:600}header .nav{float:right;font-weight:400}form{display:flex;gap:6px;margin:12px 0}
input[type=search]{flex:1;font-size:16px;padding:8px}button{font-size:16px;padding:8px 14px}
.hit{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 12px;margin:10px 0}
.v{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:14px;margin-right:6px}
${verdictStyle}
mark{background:#fff3a0}.muted{color:#666;font-size:14px}.retracted{background:#fdecea;padding:8px;border-radius:6px}`;

/** The public page frame: zh-CN, inline CSS, no script, no external resources. */
export function layout(opts: { title: string; body: string; head?: string; publicUrl: string }) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(opts.title)} · 应急科普辟谣库</title>
<link rel="alternate" type="application/atom+xml" title="辟谣库 Atom" href="/feeds/atom.xml">
<link rel="alternate" type="application/rss+xml" title="辟谣库 RSS" href="/feeds/rss.xml">
<link rel="alternate" type="application/feed+json" title="辟谣库 JSON Feed" href="/feeds/feed.json">
<style>${STYLE}</style>${opts.head ?? ""}</head>
<body><header><a href="/">应急科普 · 辟谣库</a><a class="nav" href="/verify">核验信息真伪</a></header><main>${opts.body}</main></body></html>`;
}

/** A verdict badge. */
export function verdictBadge(verdict: string | null): string {
  if (!verdict) return "";
  return `<span class="v v-${escapeHtml(verdict)}">${escapeHtml(verdictLabel(verdict))}</span>`;
}

/** The search box. */
export function searchForm(q = ""): string {
  return `<form action="/" method="get" role="search"><input type="search" name="q" value="${escapeHtml(q)}"
 placeholder="输入你听到的说法，或粘贴整条转发消息" maxlength="5000"><button>查一查</button></form>`;
}
