import type { Context } from "hono";
import { raw } from "hono/html";
import type { AppEnv } from "../../http/env.ts";
import { shareCardPath } from "../../images/share-card.ts";
import type { PublicRebuttal } from "../../library/get-rebuttal.ts";
import { safeHref } from "../../text/urls.ts";
import { headline } from "../../vocabulary/claim-answer.ts";
import { isVerdict, verdictLabels, verdictRatings } from "../../vocabulary/verdicts.ts";
import { Flash } from "../console/page-kit.tsx";
import { formatDay } from "../format.ts";
import { HelpfulWidget } from "./helpful-widget.tsx";
import { AnswerWord, Claim, PublicLayout, SearchForm } from "./layout.tsx";
import { type RebuttalSeal, Seal } from "./verify-page.tsx";

/** schema.org ClaimReview for a rebuttal (https://schema.org/ClaimReview). */
export function claimReview(r: PublicRebuttal, publicUrl: string) {
  const verdict = isVerdict(r.verdict) ? r.verdict : "unproven";
  return {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    url: `${publicUrl}/r/${r.slug}`,
    datePublished: formatDay(r.publishedAt),
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

function Head(props: { r: PublicRebuttal; publicUrl: string }) {
  // JSON-LD is escaped so that `</script>` inside a claim cannot end it.
  const jsonLd = JSON.stringify(claimReview(props.r, props.publicUrl)).replace(/</g, "\\u003c");
  return (
    <>
      <meta name="description" content={props.r.summary} />
      <meta property="og:image" content={`${props.publicUrl}${shareCardPath(props.r.slug)}`} />
      <script type="application/ld+json">{raw(jsonLd)}</script>
    </>
  );
}

function Sources(props: { sources: PublicRebuttal["sources"] }) {
  if (props.sources.length === 0) return null;
  return (
    <>
      <h2>依据</h2>
      <ul>
        {props.sources.map((s) => {
          const href = safeHref(s.url);
          return href ? (
            <li>
              <a href={href} rel="noopener noreferrer">
                {s.title}
              </a>
            </li>
          ) : (
            <li>
              {s.title}（{s.url}）
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The rebuttal page `/r/{slug}`: the claim and its verdict first, the answer apart under 真相. */
export function RebuttalPage(props: {
  r: PublicRebuttal;
  publicUrl: string;
  seal?: RebuttalSeal;
  /** What the helpful vote just did, after its redirect. */
  notice?: string;
  /** The request, for the forms' CSRF field of a signed-in reader (their page is not cached). */
  c?: Context<AppEnv>;
}) {
  const { r } = props;
  const coSigners = r.coSigners.map((o) => o.name).join("、");
  return (
    <PublicLayout title={headline(r)} head={<Head r={r} publicUrl={props.publicUrl} />}>
      <SearchForm />
      {r.status === "retracted" && <p class="retracted">此条已撤回：{r.retractionReason ?? ""}</p>}
      <article>
        <Claim claim={r.claim} verdict={r.verdict} tag="div" />
        <section class="answer" aria-label="真相">
          <AnswerWord hasClaim={Boolean(r.claim)} />
          <h1>{r.title}</h1>
          <p>
            <strong>{r.summary}</strong>
          </p>
        </section>
        {/* Sanitised when the Markdown was rendered (src/text). */}
        <div>{raw(r.bodyHtml)}</div>
        <Sources sources={r.sources} />
        {coSigners && <p>联合发布：{coSigners}</p>}
        {r.history.length > 0 && (
          <>
            <h2>更新记录</h2>
            <ul>
              {r.history.map((h) => (
                <li>
                  第 {h.version} 版 · {formatDay(h.publishedAt)} {h.note}
                </li>
              ))}
            </ul>
          </>
        )}
        <p class="share">
          <a href={shareCardPath(r.slug)} download>
            分享卡片
          </a>
        </p>
        <p class="muted">
          发布于 {formatDay(r.publishedAt)}
          {r.categoryName && (
            <>
              {" · "}
              <a href={`/c/${encodeURIComponent(r.category ?? "")}`}>{r.categoryName}</a>
            </>
          )}
        </p>
      </article>
      <Seal seal={props.seal} />
      <Flash notice={props.notice} />
      <HelpfulWidget rebuttalId={r.id} c={props.c} />
    </PublicLayout>
  );
}
