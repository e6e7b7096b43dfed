import type { Sql } from "../../db/client.ts";

/** What a rebuttal event's signed payload is built from. */
export interface SignableEvent {
  /** An imported rebuttal is signed with no event: `{ id: null, type: "rebuttal.imported", seq: null }`. */
  event: { id: string | null; type: string; seq: number | null; occurredAt: Date };
  rebuttal: {
    id: string;
    slug: string;
    kind: string;
    claim: string | null;
    verdict: string | null;
    title: string;
    summary: string;
    bodyMd: string;
    bodyHtml: string;
    category: string | null;
    regions: string[];
    coSigners: { id: string; name: string }[];
    version: number;
    publishedAt: Date;
    updatedAt: Date;
    status: "live" | "retracted";
    retractionReason: string | null;
    drill: boolean;
  };
}

const rebuttalColumns = (sql: Sql) => sql`
  r.id, r.slug, r.kind, r.claim, r.verdict, r.title, r.summary, r.body_md, r.body_html,
  r.category, r.regions, r.version, r.published_at, r.updated_at, r.status,
  r.retraction_reason, r.drill,
  coalesce((select json_agg(json_build_object('id', o.id, 'name', o.name)
                            order by array_position(r.co_signer_org_ids, o.id))
            from organisations o where o.id = any(r.co_signer_org_ids)), '[]') as co_signers`;

export async function signableEvent(sql: Sql, eventId: string) {
  const [row] = await sql`
    select e.id as event_id, e.type, e.seq, e.occurred_at, ${rebuttalColumns(sql)}
    from events e join rebuttals r on r.id = e.rebuttal_id
    where e.id = ${eventId} and e.seq is not null`;
  if (!row) return undefined;
  const { eventId: id, type, seq, occurredAt, ...rebuttal } = row;
  return { event: { id, type, seq, occurredAt }, rebuttal } as SignableEvent;
}

/** A rebuttal as it stands, for signing without an event (imports). */
export async function signableRebuttal(sql: Sql, rebuttalId: string) {
  const [row] =
    await sql`select ${rebuttalColumns(sql)} from rebuttals r where r.id = ${rebuttalId}`;
  return row as SignableEvent["rebuttal"] | undefined;
}

/** Many rebuttals as they stand, for signing a whole import batch at once. */
export async function signableRebuttals(sql: Sql, rebuttalIds: string[]) {
  if (rebuttalIds.length === 0) return [];
  const rows = await sql`
    select ${rebuttalColumns(sql)} from rebuttals r where r.id = any(${rebuttalIds}::uuid[])`;
  return rows as unknown as SignableEvent["rebuttal"][];
}

/** Which of these rebuttal versions already have a signature ("id:version" keys). */
export async function signedVersions(
  sql: Sql,
  versions: { id: string; version: number }[],
): Promise<Set<string>> {
  if (versions.length === 0) return new Set();
  const rows = await sql<{ key: string }[]>`
    select distinct s.rebuttal_id || ':' || s.version as key from rebuttal_signatures s
    join unnest(${versions.map((v) => v.id)}::uuid[], ${versions.map((v) => v.version)}::int[])
      as v(id, version) on s.rebuttal_id = v.id and s.version = v.version`;
  return new Set(rows.map((r) => r.key));
}

export interface SignatureRow {
  /** Null for a rebuttal signed on import (no publication event). */
  eventId: string | null;
  rebuttalId: string;
  version: number;
  seq: number | null;
  eventType: string;
  retracted: boolean;
  drill: boolean;
  kid: string;
  payload: string;
  signature: string;
  code: string;
  bodyText: string;
  createdAt: Date;
}

const columns = (sql: Sql) =>
  sql`event_id, rebuttal_id, version, seq, event_type, retracted, drill, kid, payload, signature,
      code, body_text, created_at`;

/** Inserts a signed message; false when its code is taken by another message. */
export async function insertSignature(
  sql: Sql,
  s: Omit<SignatureRow, "createdAt"> & { textHashes: string[] },
): Promise<boolean> {
  const rows = await sql`
    insert into rebuttal_signatures
      (event_id, rebuttal_id, version, seq, event_type, retracted, drill, kid, payload, signature,
       code, body_text, text_hashes)
    values (${s.eventId}, ${s.rebuttalId}, ${s.version}, ${s.seq}, ${s.eventType}, ${s.retracted},
            ${s.drill}, ${s.kid}, ${s.payload}, ${s.signature}, ${s.code}, ${s.bodyText},
            ${s.textHashes})
    on conflict (code) do nothing
    returning code`;
  return rows.length === 1;
}

/**
 * Inserts many signed messages in one statement; returns the rebuttal ids whose row went in
 * (a row whose code another message holds is left out, to be retried one by one).
 */
export async function insertSignatures(
  sql: Sql,
  rows: (Omit<SignatureRow, "createdAt"> & { textHashes: string[] })[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const json = rows.map((s) => ({
    event_id: s.eventId,
    rebuttal_id: s.rebuttalId,
    version: s.version,
    seq: s.seq,
    event_type: s.eventType,
    retracted: s.retracted,
    drill: s.drill,
    kid: s.kid,
    payload: s.payload,
    signature: s.signature,
    code: s.code,
    body_text: s.bodyText,
    text_hashes: s.textHashes,
  }));
  const inserted = await sql<{ rebuttalId: string }[]>`
    insert into rebuttal_signatures
      (event_id, rebuttal_id, version, seq, event_type, retracted, drill, kid, payload, signature,
       code, body_text, text_hashes)
    select * from jsonb_to_recordset(${sql.json(json as never)}::jsonb) as x(event_id uuid,
      rebuttal_id uuid, version int, seq bigint, event_type text, retracted boolean,
      drill boolean, kid text, payload text, signature text, code text, body_text text,
      text_hashes text[])
    on conflict (code) do nothing
    returning rebuttal_id`;
  return new Set(inserted.map((r) => r.rebuttalId));
}

export async function signatureOfEvent(sql: Sql, eventId: string) {
  const [row] =
    await sql`select ${columns(sql)} from rebuttal_signatures where event_id = ${eventId}`;
  return row as SignatureRow | undefined;
}

export async function signatureByCode(sql: Sql, code: string) {
  const [row] = await sql`select ${columns(sql)} from rebuttal_signatures where code = ${code}`;
  return row as SignatureRow | undefined;
}

export async function signatureBySignature(sql: Sql, signature: string) {
  const [row] = await sql`
    select ${columns(sql)} from rebuttal_signatures where signature = ${signature}`;
  return row as SignatureRow | undefined;
}

/** The latest signed message of a rebuttal's version (a retraction follows its publication). */
export async function signatureOfVersion(sql: Sql, rebuttalId: string, version: number) {
  const [row] = await sql`
    select ${columns(sql)} from rebuttal_signatures
    where rebuttal_id = ${rebuttalId} and version = ${version}
    order by seq desc nulls last, version desc, id desc limit 1`;
  return row as SignatureRow | undefined;
}

/** The latest signed message of a rebuttal. */
export async function latestSignatureOf(sql: Sql, rebuttalId: string) {
  const [row] = await sql`
    select ${columns(sql)} from rebuttal_signatures where rebuttal_id = ${rebuttalId}
    order by seq desc nulls last, version desc, id desc limit 1`;
  return row as SignatureRow | undefined;
}

/** Every signed message carrying a normalised text unit with this hash, latest first. */
export async function signaturesWithText(sql: Sql, hash: string) {
  return (await sql`
    select ${columns(sql)} from rebuttal_signatures
    where text_hashes @> array[${hash}]::text[]
    order by seq desc nulls last, version desc, id desc limit 20`) as unknown as SignatureRow[];
}

/** The signed messages of some rebuttals, latest first. */
export async function signaturesOfRebuttals(sql: Sql, rebuttalIds: string[]) {
  if (rebuttalIds.length === 0) return [];
  return (await sql`
    select ${columns(sql)} from rebuttal_signatures
    where rebuttal_id = any(${rebuttalIds}::uuid[])
    order by seq desc nulls last, version desc, id desc limit 200`) as unknown as SignatureRow[];
}

export interface RebuttalStateRow {
  id: string;
  slug: string;
  kind: string;
  title: string;
  summary: string;
  verdict: string | null;
  status: "live" | "retracted";
  version: number;
  updatedAt: Date;
  retractionReason: string | null;
  drill: boolean;
  code: string | null;
}

/** The current state of rebuttals, each with the code of its latest signed message. */
export async function rebuttalStates(sql: Sql, ids: string[]) {
  if (ids.length === 0) return [];
  return (await sql`
    select r.id, r.slug, r.kind, r.title, r.summary, r.verdict, r.status, r.version, r.updated_at,
           r.retraction_reason, r.drill,
           (select s.code from rebuttal_signatures s where s.rebuttal_id = r.id
            order by s.seq desc nulls last, s.version desc, s.id desc limit 1) as code
    from rebuttals r where r.id = any(${ids}::uuid[])`) as unknown as RebuttalStateRow[];
}

/** The signed messages of some events (those that have one). */
export async function signaturesOfEvents(sql: Sql, eventIds: string[]) {
  if (eventIds.length === 0) return [];
  return (await sql`
    select ${columns(sql)} from rebuttal_signatures
    where event_id = any(${eventIds}::uuid[])`) as unknown as SignatureRow[];
}

/** The latest signed message of each of some rebuttals (those that have one). */
export async function latestSignaturesOf(sql: Sql, rebuttalIds: string[]) {
  if (rebuttalIds.length === 0) return [];
  return (await sql`
    select distinct on (rebuttal_id) ${columns(sql)} from rebuttal_signatures
    where rebuttal_id = any(${rebuttalIds}::uuid[])
    order by rebuttal_id, seq desc nulls last, version desc, id desc`) as unknown as SignatureRow[];
}
