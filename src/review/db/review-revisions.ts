import type { Sql } from "../../db/client.ts";
import type { RebuttalKind } from "../../vocabulary/rebuttal-kinds.ts";
import type { Verdict } from "../../vocabulary/verdicts.ts";

export interface Source {
  title: string;
  url: string;
}

export interface RevisionRow {
  id: string;
  caseId: string;
  number: number;
  baseRevisionId: string | null;
  authorId: string;
  kind: RebuttalKind;
  claim: string | null;
  verdict: Verdict | null;
  title: string;
  summary: string;
  bodyMd: string;
  bodyHtml: string;
  sources: Source[];
  coSignerOrgIds: string[];
  tags: string[];
  status: "draft" | "in_review" | "changes_requested" | "approved" | "rejected" | "superseded";
  submittedAt: Date | null;
  createdAt: Date;
}

const columns = (sql: Sql) =>
  sql`id, case_id, number, base_revision_id, author_id, kind, claim, verdict, title, summary,
      body_md, body_html, sources, co_signer_org_ids, tags, status, submitted_at, created_at`;

export async function findRevision(sql: Sql, id: string): Promise<RevisionRow | undefined> {
  const [row] = await sql`select ${columns(sql)} from revisions where id = ${id}`;
  return row as RevisionRow | undefined;
}

/** The case's newest revision: the only valid base for the next one. */
export async function latestRevision(sql: Sql, caseId: string): Promise<RevisionRow | undefined> {
  const [row] = await sql`
    select ${columns(sql)} from revisions where case_id = ${caseId}
    order by number desc limit 1`;
  return row as RevisionRow | undefined;
}

export async function revisionsOfCase(sql: Sql, caseId: string): Promise<RevisionRow[]> {
  return sql<RevisionRow[]>`
    select ${columns(sql)} from revisions where case_id = ${caseId} order by number`;
}

export async function insertRevision(
  sql: Sql,
  r: Omit<RevisionRow, "id" | "status" | "submittedAt" | "createdAt"> & { now: Date },
): Promise<RevisionRow> {
  const [row] = await sql`
    insert into revisions
      (case_id, number, base_revision_id, author_id, kind, claim, verdict, title, summary,
       body_md, body_html, sources, co_signer_org_ids, tags, created_at)
    values (${r.caseId}, ${r.number}, ${r.baseRevisionId}, ${r.authorId}, ${r.kind}, ${r.claim},
            ${r.verdict}, ${r.title}, ${r.summary}, ${r.bodyMd}, ${r.bodyHtml},
            ${sql.json(r.sources as never)}, ${r.coSignerOrgIds}::uuid[], ${r.tags}, ${r.now})
    returning ${columns(sql)}`;
  return row as RevisionRow;
}

export async function setRevisionStatus(
  sql: Sql,
  id: string,
  status: RevisionRow["status"],
  submittedAt?: Date,
): Promise<void> {
  await sql`
    update revisions set status = ${status},
      submitted_at = coalesce(${submittedAt ?? null}::timestamptz, submitted_at)
    where id = ${id}`;
}

/** Marks earlier unfinished revisions of a case as replaced by a newer one. */
export async function supersedeRevisions(sql: Sql, caseId: string): Promise<void> {
  await sql`
    update revisions set status = 'superseded'
    where case_id = ${caseId} and status in ('draft', 'in_review', 'changes_requested')`;
}

/** Approved revisions whose round was superseded before release go back to superseded. */
export async function supersedeRevisionIds(sql: Sql, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update revisions set status = 'superseded' where id = any(${ids}::uuid[])`;
}
