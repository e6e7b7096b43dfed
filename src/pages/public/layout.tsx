import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { answerWord, bareClaim, claimWord } from "../../vocabulary/claim-answer.ts";
import { verdictLabel } from "../../vocabulary/verdicts.ts";
import { PUBLIC_STYLE } from "./style.ts";

/** Where the public navigation leads; `current` marks the page the reader is on. */
const NAV = [
  { key: "library", href: "/", label: "辟谣库" },
  { key: "categories", href: "/#categories", label: "分类" },
  { key: "report", href: "/report", label: "我要举报" },
  { key: "verify", href: "/verify", label: "核验信息真伪" },
] as const;
export type NavKey = (typeof NAV)[number]["key"];

/**
 * The frame of every public page: zh-CN, one inline style sheet, the navigation and the feeds,
 * no script and no resource from elsewhere.
 * @example c.html(<PublicLayout title="举报可疑消息" current="report">…</PublicLayout>)
 */
export function PublicLayout(props: {
  title: string;
  current?: NavKey;
  /** Extra elements of `<head>` (description, JSON-LD, a topic's feed). */
  head?: Child;
  children: Child;
}) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <title>{`${props.title} · 应急科普辟谣库`}</title>
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <link
            rel="alternate"
            type="application/atom+xml"
            title="辟谣库 Atom"
            href="/feeds/atom.xml"
          />
          <link
            rel="alternate"
            type="application/rss+xml"
            title="辟谣库 RSS"
            href="/feeds/rss.xml"
          />
          <link
            rel="alternate"
            type="application/feed+json"
            title="辟谣库 JSON Feed"
            href="/feeds/feed.json"
          />
          <style>{raw(PUBLIC_STYLE)}</style>
          {props.head}
        </head>
        <body>
          <a class="skip" href="#main">
            跳到正文
          </a>
          <header class="site">
            <a class="brand" href="/">
              应急科普 · 辟谣库
            </a>
            <nav aria-label="主导航">
              {NAV.map((n) => (
                <a href={n.href} aria-current={n.key === props.current ? "page" : undefined}>
                  {n.label}
                </a>
              ))}
            </nav>
          </header>
          <main id="main">{props.children}</main>
          <footer class="site">
            订阅辟谣库：<a href="/feeds/atom.xml">Atom</a> · <a href="/feeds/rss.xml">RSS</a> ·{" "}
            <a href="/feeds/feed.json">JSON Feed</a>
          </footer>
        </body>
      </html>
    </>
  );
}

/** A verdict badge in the verdict's colour. */
export function VerdictBadge(props: { verdict: string | null }) {
  if (!props.verdict) return null;
  return <span class={`v v-${props.verdict}`}>{verdictLabel(props.verdict)}</span>;
}

/**
 * The rumour with its verdict ("网传「…」？谣言"), in the verdict's colour; nothing without a
 * claim. `claim` is text (escaped here) or a search highlight (escaped, with `<mark>`).
 */
export function Claim(props: {
  claim: string | null;
  verdict: string | null;
  /** The claim is a search highlight: already escaped HTML. */
  highlighted?: boolean;
  tag?: "p" | "div";
}) {
  if (!props.claim) return null;
  const bare = bareClaim(props.claim);
  const Tag = props.tag ?? "p";
  return (
    <Tag class={`claim${props.verdict ? ` claim-${props.verdict}` : ""}`}>
      <span class="word">{claimWord}</span>「{props.highlighted ? raw(bare) : bare}」
      {props.verdict && (
        <>
          ？<VerdictBadge verdict={props.verdict} />
        </>
      )}
    </Tag>
  );
}

/** The word 真相 that opens the answer, only where there is a claim to answer. */
export function AnswerWord(props: { hasClaim: boolean }) {
  return props.hasClaim ? <span class="word">{answerWord}</span> : null;
}

/** The search box. */
export function SearchForm(props: { q?: string }) {
  return (
    <search>
      <form class="search" action="/" method="get">
        <input
          type="search"
          name="q"
          value={props.q ?? ""}
          aria-label="搜索辟谣库"
          placeholder="输入你听到的说法，或粘贴整条转发消息"
          maxlength={5000}
        />
        <button type="submit">查一查</button>
      </form>
    </search>
  );
}

/** Previous / next links for a list of `total` items shown `size` at a time. */
export function Pager(props: {
  total: number;
  page: number;
  size: number;
  href: (page: number) => string;
}) {
  const pages = Math.ceil(props.total / props.size);
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="分页">
      {props.page > 1 && (
        <a href={props.href(props.page - 1)} rel="prev">
          上一页
        </a>
      )}
      <span>
        第 {props.page} / {pages} 页
      </span>
      {props.page < pages && (
        <a href={props.href(props.page + 1)} rel="next">
          下一页
        </a>
      )}
    </nav>
  );
}
