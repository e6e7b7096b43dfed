import { escapeHtml } from "../../http/html.ts";
import { shareCardPath } from "../../images/card-path.ts";
import type { PublicRebuttal } from "../../library/get-rebuttal.ts";
import { safeHref } from "../../text/urls.ts";
import { headline } from "../../vocabulary/claim-answer.ts";
import { isVerdict, verdictLabels, verdictRatings } from "../../vocabulary/verdicts.ts";
import { answerWordHtml, claimHtml, layout, searchForm } from "./layout.ts";

/** schema.org ClaimReview for a rebuttal (https://schema.org/ClaimReview). */
export function claimReview(r: PublicRebuttal, publicUrl: string) {
  const verdict = isVerdict(r.verdict) ? r.verdict : "unproven";
  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url: `${publicUrl}/r/${r.slug}`,
    datePublished: r.publishedAt.toISOString().slice(0, 10),
    dateModified: r.updatedAt.toISOString(),
    claimReviewed: r.claim ?? r.title,
    headline: headline(r),
    author: { "@type": "Organization", name: "应急科普快速响应平台", url: publicUrl },
    reviewRating: {
      "@type": "Rating",
      ratingValue: verdictRatings[verdict],
      bestRating: 5,
      worstRating: 1,
      alternateName: verdictLabels[verdict],
    },
    itemReviewed: { "@type": "Claim", name: r.claim ?? r.title },
  };
}

/** The rebuttal page `/r/{slug}`. JSON-LD is escaped so that `</script>` cannot end it. */
export function rebuttalPage(r: PublicRebuttal, publicUrl: string, seal = ""): string {
  const jsonLd = JSON.stringify(claimReview(r, publicUrl)).replace(/</g, "\\u003c");
  const retracted =
    r.status === "retracted"
      ? `<p class="retracted">此条已撤回：${escapeHtml(r.retractionReason ?? "")}</p>`
      : "";
  const sources = r.sources
    .map((s) => {
      const href = safeHref(s.url);
      return href
        ? `<li><a href="${escapeHtml(href)}" rel="noopener noreferrer">${escapeHtml(s.title)}</a></li>`
        : `<li>${escapeHtml(s.title)}（${escapeHtml(s.url)}）</li>`;
    })
    .join("");
  const coSigners = r.coSigners.map((o) => escapeHtml(o.name)).join("、");
  const history = r.history
    .map(
      (h) =>
        `<li>第 ${h.version} 版 · ${escapeHtml(h.publishedAt.toISOString().slice(0, 10))} ${escapeHtml(h.note)}</li>`,
    )
    .join("");
  // The claim and its verdict first, in the verdict's colour; the answer apart, under 真相.
  const body = `${searchForm()}${retracted}<article>
${claimHtml(r.claim && escapeHtml(r.claim), r.verdict, "div")}
<section class="answer" aria-label="真相">${answerWordHtml(Boolean(r.claim))}<h1>${escapeHtml(r.title)}</h1>
<p><strong>${escapeHtml(r.summary)}</strong></p></section>
<div>${r.bodyHtml}</div>
${sources ? `<h2>依据</h2><ul>${sources}</ul>` : ""}${coSigners ? `<p>联合发布：${coSigners}</p>` : ""}
${history ? `<h2>更新记录</h2><ul>${history}</ul>` : ""}
<p class="share"><a href="${shareCardPath(r.slug)}" download>分享卡片</a></p>
<p class="muted">发布于 ${escapeHtml(r.publishedAt.toISOString().slice(0, 10))}${r.categoryName ? ` · <a href="/c/${escapeHtml(r.category)}">${escapeHtml(r.categoryName)}</a>` : ""}</p></article>${seal}`;
  return layout({
    title: headline(r),
    publicUrl,
    head: `<meta name="description" content="${escapeHtml(r.summary)}"><meta property="og:image" content="${escapeHtml(`${publicUrl}${shareCardPath(r.slug)}`)}"><script type="application/ld+json">${jsonLd}</script>`,
    body,
  });
}
