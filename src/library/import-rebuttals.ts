import crypto from "node:crypto";
import { setImmediate as turn } from "node:timers/promises";
import { z } from "zod";
import { type AuditInput, appendAuditBatch } from "../audit/append.ts";
import type { ReaderFields } from "../authenticity/payload.ts";
import {
  type ReaderDigest,
  readerDigest,
  signImportedRebuttals,
} from "../authenticity/sign-rebuttal-event.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/define.ts";
import { renderMarkdown } from "../text/markdown.ts";
import { httpUrl } from "../text/urls.ts";
import { wellFormed } from "../text/well-formed.ts";
import { rebuttalKinds } from "../vocabulary/rebuttal-kinds.ts";
import { verdicts } from "../vocabulary/verdicts.ts";
import { type BulkIndex, SEND_IDLE } from "./bulk-index.ts";
import { analyzeSearchRows } from "./db/library.ts";
import {
  findByExternalIds,
  growPendingLists,
  insertLibraryItems,
  type LibraryItem,
  mergePendingLists,
  referenceCodes,
  unchangedExternalIds,
  updateLibraryItems,
  type WrittenItem,
} from "./db/library-import.ts";
import { deriveSearchHashes, type SearchHashes } from "./derive.ts";
import type { IndexableRow } from "./index-rebuttal.ts";
import { enqueueIndexRebuttals, indexRebuttals } from "./jobs.ts";
import { type DocumentText, documentText } from "./meili/rebuttal-index.ts";

/** One line of an import file (DESIGN.md). */
export const ImportLine = z.object({
  externalId: z.string().trim().min(1, "缺少 externalId").max(200),
  claim: z.string().trim().min(1, "缺少 claim").max(10_000),
  verdict: z.enum(verdicts, `verdict 须为 ${verdicts.join("/")}`),
  title: z.string().trim().min(1).max(200).optional(),
  summary: z.string().trim().min(1, "缺少 summary").max(140, "summary 不能超过 140 字"),
  body: z.string().max(100_000, "body 过长"),
  sources: z
    .array(z.object({ title: z.string().min(1).max(300), url: httpUrl }))
    .max(50)
    .optional(),
  category: z.string().optional(),
  regions: z.array(z.string()).max(50).optional(),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  kind: z.enum(rebuttalKinds).optional(),
  tags: z.array(z.string().max(50)).max(30).optional(),
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "slug 只能含小写字母、数字和连字符")
    .optional(),
});
export type ImportLine = z.infer<typeof ImportLine>;

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  refused: { line: number; externalId?: string; reason: string }[];
}

/** A URL-safe slug for an external id (Chinese characters included). */
export function slugFor(externalId: string, prefix = "i"): string {
  const ascii = externalId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const hash = crypto.createHash("sha256").update(externalId).digest("hex").slice(0, 8);
  return `${prefix}-${ascii.slice(0, 48) || "item"}-${hash}`;
}

function toItem(
  l: ImportLine,
  opts: { imported: boolean; slugPrefix: string; now: Date },
): LibraryItem {
  const body = wellFormed(l.body);
  return {
    externalId: l.externalId,
    slug: l.slug ?? slugFor(l.externalId, opts.slugPrefix),
    kind: l.kind ?? "rebuttal",
    claim: wellFormed(l.claim),
    verdict: l.verdict,
    // Lone surrogates (a JSON escape cut in half) cannot be stored: they are dropped.
    title: wellFormed(l.title ?? l.claim.slice(0, 120)),
    summary: wellFormed(l.summary),
    bodyMd: body,
    bodyHtml: renderMarkdown(body),
    sources: l.sources ?? [],
    tags: l.tags ?? [],
    category: l.category ?? null,
    regions: l.regions?.length ? l.regions : ["460000"],
    publishedAt: l.publishedAt ? new Date(l.publishedAt) : opts.now,
    imported: opts.imported,
  };
}

/**
 * Lines written per transaction; their documents go to Meilisearch in larger tasks once
 * committed (`SEND_LINES`, bulk-index.ts). At most the index job's batch: a batch's guard job
 * takes its ids.
 */
const BATCH = 5000;

/**
 * When a batch's documents are left to the index task should the import die before sending
 * them (they are sent within 10,000–20,000 lines, minutes at most; the job is removed then).
 */
const GUARD_DELAY_MS = 30 * 60_000;

/**
 * Loads published rebuttals, one JSON object per line, idempotently by external id: new ones
 * are added, changed ones updated (as a new version), unchanged ones left alone, bad lines
 * refused with their number and reason. Five thousand lines go in one transaction (bulk
 * statements, each item audited and signed, its search rows derived); their documents go to
 * Meilisearch, without waiting, in tasks of `SEND_LINES` once those lines committed (each of the
 * last batches as it commits, so the task left at the end is short); the call
 * returns once Meilisearch has every task. Documents it could not take, and rows changed
 * since the import wrote them, are left to the index task.
 * @example const summary = await importRebuttals(deps, text.split("\n"));
 */
export async function importRebuttals(
  deps: Deps,
  lines: string[],
  opts: {
    imported?: boolean;
    slugPrefix?: string;
    actorLabel?: string;
    onProgress?: (done: number) => void;
    /** Called once every line is written, while Meilisearch finishes the last batches. */
    onIndexing?: () => void;
    /** Lines per transaction (tests cross batches with fewer). */
    batchSize?: number;
  } = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, refused: [] };
  const codes = await referenceCodes(deps.sql);
  const seen = new Set<string>();
  const bulk = deps.search.bulk();
  const sent: string[] = [];
  const size = Math.min(opts.batchSize ?? BATCH, BATCH);
  const prepareFrom = (start: number) =>
    prepare(deps, lines.slice(start, start + size), start, { codes, seen, opts }, summary.refused);
  let next = prepareFrom(0);
  for (let start = 0; start < lines.length; start += size) {
    const batch = await next;
    // The next batch is made ready while this one's transaction waits for Postgres.
    next = start + size < lines.length ? prepareFrom(start + size) : Promise.resolve([]);
    const [written] = await Promise.all([
      writeBatch(deps, bulk, batch, opts.actorLabel ?? "import"),
      next,
    ]);
    summary.added += written.added;
    summary.updated += written.updated;
    summary.unchanged += written.unchanged;
    sent.push(...written.sent);
    // Near the end every batch goes as it commits: the task left after the last commit stays one batch.
    const near = lines.length - (start + size) <= SEND_IDLE;
    await bulk.flush({ all: near });
    opts.onProgress?.(Math.min(lines.length, start + size));
  }
  await bulk.flush({ all: true });
  opts.onIndexing?.();
  // Postgres merges the batches' pending search rows, and refreshes its statistics, while
  // Meilisearch finishes its tasks.
  await Promise.all([
    settleSearchRows(deps, summary.added + summary.updated),
    bulk.searchable().catch((err) => {
      deps.log.warn(
        { err: String(err), count: sent.length },
        "import: batches left to the index task",
      );
      return enqueueIndexRebuttals(deps.sql, sent);
    }),
  ]);
  return summary;
}

/**
 * Merges the pending search rows of an import that wrote `written` rebuttals and clears the marks
 * it left, then, after a large one (it changes which bigrams are common), refreshes the
 * statistics search reads.
 */
async function settleSearchRows(deps: Deps, written: number) {
  if (written > 0) {
    await mergePendingLists(deps.sql);
  }
  if (written >= 1000) await analyzeSearchRows(deps.sql);
}

const itemOptions = (o: { imported?: boolean; slugPrefix?: string }) => ({
  imported: o.imported ?? true,
  slugPrefix: o.slugPrefix ?? "i",
});

/** A line ready to write: its item, and what search and signing derive from its text alone. */
interface Ready {
  item: LibraryItem;
  search: SearchHashes;
  text: DocumentText;
  reader: ReaderDigest;
}

/** CPU time the preparation of the next batch takes before it lets a transaction's reply in. */
const SLICE_MS = 5;

/**
 * Lines (the first of them line `offset + 1` of the file) checked and made ready to write, the
 * refused ones added to `refused` in line order. It gives way to other work every `SLICE_MS`, so
 * that it runs while Postgres executes the previous batch's statements without holding up their
 * replies.
 */
async function prepare(
  deps: Deps,
  lines: string[],
  offset: number,
  ctx: {
    codes: Awaited<ReturnType<typeof referenceCodes>>;
    seen: Set<string>;
    opts: { imported?: boolean; slugPrefix?: string };
  },
  refused: ImportSummary["refused"],
): Promise<Ready[]> {
  const ready: Ready[] = [];
  let since = performance.now();
  for (const [k, raw] of lines.entries()) {
    if (performance.now() - since > SLICE_MS) {
      await turn();
      since = performance.now();
    }
    if (!raw.trim()) continue;
    const checked = checkLine(raw, ctx.codes, ctx.seen);
    if ("reason" in checked) {
      refused.push({ line: offset + k + 1, ...checked });
      continue;
    }
    const item = toItem(checked.line, { ...itemOptions(ctx.opts), now: deps.now() });
    const reader = readerDigest(item);
    ready.push({ item, search: deriveSearchHashes(item), text: documentText(item), reader });
  }
  return ready;
}

/** One line parsed and checked against the reference data, or why it is refused. */
function checkLine(
  raw: string,
  codes: Awaited<ReturnType<typeof referenceCodes>>,
  seen: Set<string>,
): { line: ImportLine } | { reason: string; externalId?: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { reason: "不是有效的 JSON" };
  }
  const parsed = ImportLine.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { reason: `${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  const line = parsed.data;
  const externalId = line.externalId;
  if (seen.has(externalId)) return { reason: "文件中 externalId 重复", externalId };
  seen.add(externalId);
  if (line.category && !codes.categories.has(line.category)) {
    return { reason: `未知分类 ${line.category}`, externalId };
  }
  if (line.regions?.some((r) => !codes.regions.has(r))) {
    return { reason: "未知行政区划代码", externalId };
  }
  return { line };
}

async function writeBatch(deps: Deps, bulk: BulkIndex, batch: Ready[], actorLabel: string) {
  const items = batch.map((r) => r.item);
  const byExternalId = new Map(batch.map((r) => [r.item.externalId, r]));
  return deps.sql.begin(async (tx) => {
    // One import at a time: two imports of the same file must not both add an item.
    await tx`select pg_advisory_xact_lock(hashtext('library:import'))`;
    // Every row written below is derived below (`bulk.add`): none is marked pending (ADR 0320).
    await tx`select set_config('chorus.derives_search', 'on', true)`;
    await growPendingLists(tx);
    const existing = new Map(
      (
        await findByExternalIds(
          tx,
          items.map((i) => i.externalId),
        )
      ).map((r) => [r.externalId, r.id]),
    );
    const same = await unchangedExternalIds(
      tx,
      items.filter((i) => existing.has(i.externalId)),
    );
    const added = await insertLibraryItems(
      tx,
      items.filter((i) => !existing.has(i.externalId)),
    );
    const updated = await updateLibraryItems(
      tx,
      items
        .filter((i) => existing.has(i.externalId) && !same.has(i.externalId))
        .map((item) => ({ id: existing.get(item.externalId)!, item })),
    );
    const actor = { kind: "system" as const, label: actorLabel };
    await appendAuditBatch(tx, [
      ...added.map((r) => auditEntry(actor, "rebuttal.imported", r)),
      ...updated.map((r) => auditEntry(actor, "rebuttal.import_updated", r)),
    ]);
    const written = [...added, ...updated];
    const ids = written.map((r) => r.id);
    // Libraries loaded before messages were signed get their signature now.
    const unchanged = [...same].map((x) => existing.get(x)!);
    const byId = new Map(written.map((w) => [w.id, byExternalId.get(w.externalId)!]));
    await signImportedRebuttals(tx, deps, [...unchanged, ...ids], (r) => {
      const ready = byId.get(r.id);
      return ready && sameReaderText(ready.item, r) ? ready.reader : undefined;
    });
    const rows = written.map((w) => indexRow(byExternalId.get(w.externalId)!, w));
    const guard = await bulk.add(tx, rows);
    if (guard) {
      const runAt = new Date(Date.now() + GUARD_DELAY_MS);
      await enqueue(tx, indexRebuttals, { rebuttalIds: ids }, { runAt, jobKey: guard });
    }
    return { added: added.length, updated: updated.length, unchanged: unchanged.length, sent: ids };
  });
}

const sameReaderText = (a: ReaderFields, b: ReaderFields) =>
  a.title === b.title && a.summary === b.summary && a.bodyHtml === b.bodyHtml;

const auditEntry = (actor: AuditInput["actor"], action: string, r: WrittenItem): AuditInput => ({
  actor,
  action,
  object: { type: "rebuttal", id: r.id },
  data: { externalId: r.externalId },
});

/** What search indexes of an item just written, from memory rather than read back. */
function indexRow({ item, search, text }: Ready, w: WrittenItem): IndexableRow {
  return {
    derived: { search, text },
    id: w.id,
    slug: w.slug,
    claim: item.claim,
    title: item.title,
    summary: item.summary,
    tags: item.tags,
    bodyMd: item.bodyMd,
    category: item.category,
    verdict: item.verdict,
    regions: item.regions,
    status: w.status,
    kind: item.kind,
    publishedAt: w.publishedAt,
    drill: w.drill,
  };
}
