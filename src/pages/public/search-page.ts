import { escapeHtml } from "../../http/html.ts";
import type { SearchAnswer } from "../../library/search-rebuttals.ts";
import { layout, searchForm, verdictBadge } from "./layout.ts";

/** "暂无权威解答" with a link to report the question, prefilled, for searches without a confident hit. */
function noAnswer(q: string): string {
  const href = `/report?text=${encodeURIComponent(q.slice(0, 5000))}`;
  return `<section class="no-answer"><h3>暂无权威解答</h3><p>辟谣库里还没有针对这条说法的解答。我们已记录这个问题，专家会尽快研判；你也可以<a href="${escapeHtml(href)}">提交这条消息</a>，附上来源，方便专家核实。</p></section>`;
}

/** Result cards: highlights are already escaped HTML with `<mark>`. */
export function hitList(answer: SearchAnswer): string {
  if (answer.hits.length === 0) return `<p class="muted">这里还没有辟谣。</p>`;
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
  banner = "",
): string {
  const asked = q.trim() !== "";
  const note = answer.degraded ? `<p class="muted">检索服务繁忙，当前为简化检索结果。</p>` : "";
  if (asked && !answer.confident) {
    const related = answer.hits.length ? `<h2>相关内容</h2>${hitList(answer)}` : "";
    return layout({
      title: `查询：${q.slice(0, 30)}`,
      publicUrl,
      body: `${banner}${searchForm(q)}${note}<h2>“${escapeHtml(q.slice(0, 60))}”</h2>${noAnswer(q)}${related}`,
    });
  }
  const heading = asked
    ? `“${escapeHtml(q.slice(0, 60))}”的查询结果（${answer.total}）`
    : escapeHtml(listTitle);
  return layout({
    title: asked ? `查询：${q.slice(0, 30)}` : listTitle,
    publicUrl,
    body: `${banner}${searchForm(q)}${note}<h2>${heading}</h2>${hitList(answer)}`,
  });
}
