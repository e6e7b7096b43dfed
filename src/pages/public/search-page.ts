import { escapeHtml } from "../../http/html.ts";
import type { SearchAnswer } from "../../library/search-rebuttals.ts";
import { answerWordHtml, claimHtml, layout, pager, searchForm } from "./layout.ts";

/** Rebuttals per page of a list or a search. */
export const PAGE_SIZE = 10;

export interface ListView {
  /** 1-based page shown. */
  page: number;
  /** The address of another page of the same list. */
  href: (page: number) => string;
  /** Category links shown under the list (`#categories`, the target of the navigation). */
  categories?: { slug: string; name: string }[];
}

/** "暂无权威解答" with a link to report the question, prefilled, for searches without a confident hit. */
function noAnswer(q: string): string {
  const href = `/report?text=${encodeURIComponent(q.slice(0, 5000))}`;
  return `<section class="no-answer"><h2>暂无权威解答</h2><p>辟谣库里还没有针对这条说法的解答。我们已记录这个问题，专家会尽快研判。</p>
<p><a href="${escapeHtml(href)}">我要举报这条消息</a>：附上来源，方便专家核实。</p></section>`;
}

/** Result cards: the claim with its verdict, then the answer. Highlights are escaped HTML with `<mark>`. */
export function hitList(answer: SearchAnswer, linkQuery = ""): string {
  if (answer.hits.length === 0) return `<p class="muted">这里还没有辟谣。</p>`;
  return answer.hits
    .map(
      (h) => `<article class="hit">${claimHtml(h.claim && h.highlight.claim, h.verdict)}
<h3>${answerWordHtml(Boolean(h.claim))}<a href="/r/${encodeURIComponent(h.slug)}${linkQuery}">${h.highlight.title}</a></h3>
<p>${h.highlight.summary}</p><p class="muted">发布于 ${escapeHtml(h.publishedAt.slice(0, 10))}</p></article>`,
    )
    .join("\n");
}

function categoryLinks(categories: ListView["categories"]): string {
  if (!categories?.length) return "";
  const items = categories
    .map((k) => `<li><a href="/c/${encodeURIComponent(k.slug)}">${escapeHtml(k.name)}</a></li>`)
    .join("");
  return `<section id="categories" aria-labelledby="categories-h"><h2 id="categories-h">按分类浏览</h2><ul class="chips">${items}</ul></section>`;
}

/** The search page `/`: latest rebuttals, or results for `q`, a page at a time. */
export function searchPage(
  q: string,
  answer: SearchAnswer,
  publicUrl: string,
  view: ListView,
  listTitle = "最新辟谣",
  banner = "",
): string {
  const asked = q.trim() !== "";
  // Counts a click from search results (ADR 0180).
  const from = asked ? "?from=search" : "";
  const note = answer.degraded ? `<p class="muted">检索服务繁忙，当前为简化检索结果。</p>` : "";
  const paging = pager({ total: answer.total, page: view.page, size: PAGE_SIZE, href: view.href });
  const cats = categoryLinks(view.categories);
  if (asked && !answer.confident) {
    const related = answer.hits.length ? `<h2>相关内容</h2>${hitList(answer, from)}${paging}` : "";
    return layout({
      title: `查询：${q.slice(0, 30)}`,
      publicUrl,
      current: "library",
      body: `${banner}${searchForm(q)}${note}<h1>“${escapeHtml(q.slice(0, 60))}”</h1>${noAnswer(q)}${related}${cats}`,
    });
  }
  const heading = asked
    ? `“${escapeHtml(q.slice(0, 60))}”的查询结果（${answer.total}）`
    : escapeHtml(listTitle);
  return layout({
    title: asked ? `查询：${q.slice(0, 30)}` : listTitle,
    publicUrl,
    current: "library",
    body: `${banner}${searchForm(q)}${note}<h1>${heading}</h1>${hitList(answer, from)}${paging}${cats}`,
  });
}
