import crypto from "node:crypto";
import { setImmediate as turn } from "node:timers/promises";
import { z } from "zod";
import { type ReaderDigest, readerDigest } from "../authenticity/payload.ts";
import type { Sql } from "../db/client.ts";
import { renderMarkdown } from "../text/markdown.ts";
import { httpUrl } from "../text/urls.ts";
import { wellFormed } from "../text/well-formed.ts";
import { rebuttalKinds } from "../vocabulary/rebuttal-kinds.ts";
import { verdicts } from "../vocabulary/verdicts.ts";
import { findByExternalIds, type LibraryItem, type referenceCodes } from "./db/library-import.ts";
import { deriveSearchHashes } from "./derive.ts";
import type { IndexableRow } from "./index-rebuttal.ts";
import { documentText } from "./meili/rebuttal-index.ts";

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

/** A URL-safe slug for an external id (Chinese characters included). */
export function slugFor(externalId: string, prefix = "i"): string {
  const ascii = externalId
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  const hash = crypto.createHash("sha256").update(externalId).digest("hex").slice(0, 8);
  return `${prefix}-${ascii.slice(0, 48) || "item"}-${hash}`;
}

/** The categories and regions a line may name. */
type ReferenceCodes = Awaited<ReturnType<typeof referenceCodes>>;

/** How an import marks the items of its lines. */
export interface LineOptions {
  /** Marked as imported (the default) or as the starter library's own. */
  imported?: boolean;
  /** The prefix of the slugs made for lines that bring none ("i"). */
  slugPrefix?: string;
}

/** A line refused, by its number in the whole file. */
export interface RefusedLine {
  line: number;
  externalId?: string;
  reason: string;
}

/**
 * A line ready to write: its item and, for an item not yet in the library, what search and
 * signing derive from its text alone (`derived`, computed ahead of its transaction). An item the
 * library holds is mostly unchanged by a re-run, so its text work is left to the transaction, for
 * the few that changed.
 */
export interface Ready {
  item: LibraryItem;
  derived?: NonNullable<IndexableRow["derived"]> & { reader: ReaderDigest };
}

/**
 * Wall time a preparation runs (plus one line's work) before it lets other work in, such as the
 * replies to the statements of a transaction running meanwhile.
 */
const SLICE_MS = 5;

/**
 * The lines of one file, prepared a batch at a time and in order (the duplicate external ids
 * are found across batches), to be written by `importRebuttals`. A preparation gives way to
 * other work every `SLICE_MS`, so it can run while Postgres executes the previous batch's
 * statements; `stop` ends the one under way (the import failed).
 * @example
 * const reader = lineReader(sql, await referenceCodes(sql), {}, () => new Date());
 * const ready = await reader.prepare(lines.slice(0, 5000), 0, summary.refused);
 */
export function lineReader(sql: Sql, codes: ReferenceCodes, opts: LineOptions, now: () => Date) {
  const seen = new Set<string>();
  let stopped = false;
  /** Calls `each` on every item in turn, giving way every `SLICE_MS`; false once stopped. */
  async function sliced<T>(items: T[], each: (item: T, k: number) => void) {
    let since = performance.now();
    for (const [k, item] of items.entries()) {
      if (performance.now() - since > SLICE_MS) {
        await turn();
        if (stopped) return false;
        since = performance.now();
      }
      each(item, k);
    }
    return true;
  }
  return {
    /**
     * These lines (the first of them line `offset + 1` of the file) checked and made ready, the
     * refused ones added to `refused` in line order.
     */
    async prepare(lines: string[], offset: number, refused: RefusedLine[]): Promise<Ready[]> {
      const items: LibraryItem[] = [];
      const read = await sliced(lines, (raw, k) => {
        if (!raw.trim()) return;
        const checked = checkLine(raw, codes, seen);
        if ("reason" in checked) refused.push({ line: offset + k + 1, ...checked });
        else items.push(toItem(checked.line, opts, now()));
      });
      if (!read || items.length === 0) return [];
      const existing = new Set(
        (
          await findByExternalIds(
            sql,
            items.map((i) => i.externalId),
          )
        ).map((r) => r.externalId),
      );
      if (stopped) return [];
      const ready: Ready[] = [];
      const done = await sliced(items, (item) => {
        if (existing.has(item.externalId)) ready.push({ item });
        else ready.push({ item, derived: derive(item) });
      });
      return done ? ready : [];
    },
    stop() {
      stopped = true;
    },
  };
}

/** What search and signing derive from an item's text alone. */
const derive = (item: LibraryItem): Ready["derived"] => ({
  search: deriveSearchHashes(item),
  text: documentText(item),
  reader: readerDigest(item),
});

/** The item a checked line stands for, its body rendered. */
function toItem(l: ImportLine, opts: LineOptions, now: Date): LibraryItem {
  const body = wellFormed(l.body);
  return {
    externalId: l.externalId,
    slug: l.slug ?? slugFor(l.externalId, opts.slugPrefix ?? "i"),
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
    publishedAt: l.publishedAt ? new Date(l.publishedAt) : now,
    imported: opts.imported ?? true,
  };
}

/** One line parsed and checked against the reference data, or why it is refused. */
function checkLine(
  raw: string,
  codes: ReferenceCodes,
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
