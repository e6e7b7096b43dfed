import { raw } from "hono/html";
import type { SearchAnswer } from "../../library/search-answer.ts";
import { AnswerWord, Claim, Pager, PublicLayout, SearchForm } from "./layout.tsx";
import type { PublicTopicRow } from "./topic-page.tsx";
import { TopicBanner } from "./topic-page.tsx";

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
function NoAnswer(props: { q: string }) {
  return (
    <section class="no-answer">
      <h2>暂无权威解答</h2>
      <p>辟谣库里还没有针对这条说法的解答。我们已记录这个问题，专家会尽快研判。</p>
      <p>
        <a href={`/report?text=${encodeURIComponent(props.q.slice(0, 5000))}`}>我要举报这条消息</a>
        ：附上来源，方便专家核实。
      </p>
    </section>
  );
}

/** Result cards: the claim with its verdict, then the answer. Highlights are escaped HTML with `<mark>`. */
export function HitList(props: { answer: SearchAnswer }) {
  if (props.answer.hits.length === 0) return <p class="muted">这里还没有辟谣。</p>;
  return (
    <>
      {props.answer.hits.map((h) => (
        <article class="hit">
          <Claim claim={h.claim && h.highlight.claim} verdict={h.verdict} highlighted />
          <h3>
            <AnswerWord hasClaim={Boolean(h.claim)} />
            <a href={`/r/${encodeURIComponent(h.slug)}`}>{raw(h.highlight.title)}</a>
          </h3>
          <p>{raw(h.highlight.summary)}</p>
          <p class="muted">发布于 {h.publishedAt.slice(0, 10)}</p>
        </article>
      ))}
    </>
  );
}

function CategoryLinks(props: { categories: ListView["categories"] }) {
  if (!props.categories?.length) return null;
  return (
    <section id="categories" aria-labelledby="categories-h">
      <h2 id="categories-h">按分类浏览</h2>
      <ul class="chips">
        {props.categories.map((k) => (
          <li>
            <a href={`/c/${encodeURIComponent(k.slug)}`}>{k.name}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The search page `/` (latest rebuttals, or results for `q`) and the category and region lists. */
export function SearchPage(props: {
  q: string;
  answer: SearchAnswer;
  view: ListView;
  listTitle?: string;
  topics?: PublicTopicRow[];
}) {
  const { q, answer, view } = props;
  const asked = q.trim() !== "";
  const listTitle = props.listTitle ?? "最新辟谣";
  const paging = <Pager total={answer.total} page={view.page} size={PAGE_SIZE} href={view.href} />;
  const unanswered = asked && !answer.confident;
  return (
    <PublicLayout title={asked ? `查询：${q.slice(0, 30)}` : listTitle} current="library">
      <TopicBanner active={props.topics ?? []} />
      <SearchForm q={q} />
      {answer.degraded && <p class="muted">检索服务繁忙，当前为简化检索结果。</p>}
      {unanswered ? (
        <>
          <h1>“{q.slice(0, 60)}”</h1>
          <NoAnswer q={q} />
          {answer.hits.length > 0 && (
            <>
              <h2>相关内容</h2>
              <HitList answer={answer} />
              {paging}
            </>
          )}
        </>
      ) : (
        <>
          <h1>{asked ? `“${q.slice(0, 60)}”的查询结果（${answer.total}）` : listTitle}</h1>
          <HitList answer={answer} />
          {paging}
        </>
      )}
      <CategoryLinks categories={view.categories} />
    </PublicLayout>
  );
}
