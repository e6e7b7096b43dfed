import crypto from "node:crypto";
import type { Sql } from "../../src/db/client.ts";
import type { CandidateRow } from "../../src/library/db/candidates.ts";
import { deriveRebuttalSearch } from "../../src/library/derive.ts";
import type { DxyRumour } from "./cases-factories.ts";

export interface RebuttalInput {
  slug: string;
  externalId: string | null;
  kind: string;
  claim: string | null;
  verdict: string | null;
  title: string;
  summary: string;
  bodyMd: string;
  bodyHtml: string;
  sources: { title: string; url: string }[];
  tags: string[];
  category: string | null;
  regions: string[];
  status: "live" | "retracted";
  drill: boolean;
  publishedAt: Date;
}

/** A rebuttal row written directly (as the publisher would), with unique slug; returns its id. */
export async function createRebuttal(
  sql: Sql,
  r: Partial<RebuttalInput> & { claim: string | null },
): Promise<{ id: string; slug: string }> {
  const slug = r.slug ?? `r-${crypto.randomBytes(4).toString("hex")}`;
  const title = r.title ?? r.claim ?? "测试辟谣";
  const body = r.bodyMd ?? "测试正文。";
  const [row] = await sql`
    insert into rebuttals (slug, external_id, kind, claim, verdict, title, summary, body_md,
      body_html, sources, tags, category, regions, status, drill, published_at, retracted_at)
    values (${slug}, ${r.externalId ?? null}, ${r.kind ?? "rebuttal"}, ${r.claim},
      ${r.verdict === undefined ? "false" : r.verdict}, ${title}, ${r.summary ?? title.slice(0, 140)},
      ${body}, ${r.bodyHtml ?? `<p>${body}</p>`}, ${sql.json(r.sources ?? [])}, ${r.tags ?? []},
      ${r.category === undefined ? "health-myths" : r.category}, ${r.regions ?? ["460000"]},
      ${r.status ?? "live"}, ${r.drill ?? false}, ${r.publishedAt ?? new Date()},
      ${r.status === "retracted" ? new Date() : null})
    returning id, slug`;
  return row as unknown as { id: string; slug: string };
}

/**
 * A rumour of the shared DXY data live as its rebuttal (claim as title) and derived for search,
 * as the publisher and the index task would leave it; returns its id.
 */
export async function publishDxyRumour(sql: Sql, r: DxyRumour): Promise<string> {
  const { id } = await createRebuttal(sql, {
    externalId: r.id,
    claim: r.claim,
    verdict: r.verdict,
    title: r.claim,
    summary: r.summary.slice(0, 140),
    bodyMd: r.body,
    category: "infectious-disease",
  });
  await deriveRebuttalSearch(sql, id);
  return id;
}

/**
 * A search candidate as Postgres hands over one whose derivation is pending: ranked from its text.
 * @example rankCandidates(queryTerms("吃大蒜能防新冠吗"), [pendingCandidate("garlic", claim, body)]);
 */
export function pendingCandidate(id: string, claim: string, body: string): CandidateRow {
  return {
    id,
    claim,
    title: claim,
    verdict: "false",
    display: JSON.stringify([null, id, "", null, [], new Date(0).toISOString()]),
    grams: null,
    bodyMd: body,
    tags: [],
  };
}
