import { escapeHtml } from "../../http/html.ts";
import type { SearchAnswer } from "../../library/search-rebuttals.ts";
import { layout, searchForm, verdictBadge } from "./layout.ts";

/** Result cards: highlights are already escaped HTML with `<mark>`. */
export function hitList(answer: SearchAnswer): string {
  if (answer.hits.length === 0)
    return `<p>暂时没有找到相关辟谣。我们已记录这个问题，专家会尽快研判。</p>`;
  return answer.hits
    .map(
      (
        h,
      ) => `<article class="hit"><h3>${verdictBadge(h.verdict)}<a href="/r/${encodeURIComponent(h.slug)}">${h.highlight.title}</a></h3>
${h.claim ? `<p class="muted">说法：${h.highlight.claim}</p>` : ""}<p>${h.highlight.summary}</p>
<p class="muted">${escapeHtml(h.publishedAt.slice(0, 10))}</p></article>`,
    )
    .join("\n");
}

/** The search page `/`: latest rebuttals, or results for `q`. */
export function searchPage(
  q: string,
  answer: SearchAnswer,
  publicUrl: string,
  listTitle = "最新辟谣",
): string {
  const heading = q.trim()
    ? `“${escapeHtml(q.slice(0, 60))}”的查询结果（${answer.total}）`
    : escapeHtml(listTitle);
  const note = answer.degraded ? `<p class="muted">检索服务繁忙，当前为简化检索结果。</p>` : "";
  return layout({
    title: q.trim() ? `查询：${q.slice(0, 30)}` : listTitle,
    publicUrl,
    body: `${searchForm(q)}${note}<h2>${heading}</h2>${hitList(answer)}`,
  });
}
