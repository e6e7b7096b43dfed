import { type AuditInput, appendAuditBatch } from "../audit/append.ts";
import type { ReaderFields } from "../authenticity/payload.ts";
import { signImportedRebuttals } from "../authenticity/sign-rebuttal-event.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/define.ts";
import { type BulkIndex, SEND_IDLE } from "./bulk-index.ts";
import { IMPORTED_TABLES, settleBulkWrite } from "./db/library.ts";
import {
  findByExternalIds,
  growPendingLists,
  insertLibraryItems,
  mergePendingLists,
  referenceCodes,
  unchangedExternalIds,
  updateLibraryItems,
  type WrittenItem,
} from "./db/library-import.ts";
import { type LineOptions, lineReader, type Ready, type RefusedLine } from "./import-lines.ts";
import type { IndexableRow } from "./index-rebuttal.ts";
import { enqueueIndexRebuttals, indexRebuttals } from "./jobs.ts";

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  refused: RefusedLine[];
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
 * statements, each item audited and signed, its search rows derived), the next five thousand
 * prepared meanwhile (`lineReader`, ADR 0326); their documents go to
 * Meilisearch, without waiting, in tasks of `SEND_LINES` once those lines committed (each of the
 * last batches as it commits, so the task left at the end is short); the call
 * returns once Meilisearch has every task. Documents it could not take, and rows changed
 * since the import wrote them, are left to the index task.
 * @example const summary = await importRebuttals(deps, text.split("\n"));
 */
export async function importRebuttals(
  deps: Deps,
  lines: string[],
  opts: LineOptions & {
    actorLabel?: string;
    onProgress?: (done: number) => void;
    /** Called once every line is written, while Meilisearch finishes the last batches. */
    onIndexing?: () => void;
    /** Lines per transaction (tests cross batches with fewer). */
    batchSize?: number;
  } = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, refused: [] };
  const reader = lineReader(deps.sql, await referenceCodes(deps.sql), opts, deps.now);
  const bulk = deps.search.bulk();
  const sent: string[] = [];
  const size = Math.min(opts.batchSize ?? BATCH, BATCH);
  const prepare = (start: number) =>
    start < lines.length
      ? reader.prepare(lines.slice(start, start + size), start, summary.refused)
      : Promise.resolve([]);
  let next = prepare(0);
  try {
    for (let start = 0; start < lines.length; start += size) {
      const writing = writeBatch(deps, bulk, await next, opts.actorLabel ?? "import");
      // The next batch is made ready while this one's transaction waits for Postgres. An error
      // of its own is thrown where it is awaited: once this batch is written and sent, as before.
      next = prepare(start + size);
      next.catch(() => {});
      const written = await writing;
      summary.added += written.added;
      summary.updated += written.updated;
      summary.unchanged += written.unchanged;
      sent.push(...written.sent);
      // Near the end every batch goes as it commits: the task left after the last commit stays one batch.
      const near = lines.length - (start + size) <= SEND_IDLE;
      await bulk.flush({ all: near });
      opts.onProgress?.(Math.min(lines.length, start + size));
    }
  } catch (err) {
    reader.stop();
    throw err;
  }
  await bulk.flush({ all: true });
  opts.onIndexing?.();
  // Postgres merges the batches' pending search rows, then vacuums and analyses the tables they
  // went to, while Meilisearch finishes its tasks.
  await Promise.all([
    settleWrittenTables(deps, summary.added + summary.updated),
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
 * it left, then, after a large one (it changes which bigrams are common), vacuums and analyses
 * the tables it wrote: the statistics search reads, and the work autovacuum would otherwise do
 * under the first minutes of load (ADR 0327).
 */
async function settleWrittenTables(deps: Deps, written: number) {
  if (written > 0) {
    await mergePendingLists(deps.sql);
  }
  if (written >= 1000) await settleBulkWrite(deps.sql, IMPORTED_TABLES);
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
      return ready?.derived && sameReaderText(ready.item, r) ? ready.derived.reader : undefined;
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
function indexRow({ item, derived }: Ready, w: WrittenItem): IndexableRow {
  return {
    derived,
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
