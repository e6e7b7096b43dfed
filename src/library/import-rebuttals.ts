import crypto from "node:crypto";
import { z } from "zod";
import { appendAudit } from "../audit/append.ts";
import { signImportedRebuttal } from "../authenticity/sign-rebuttal-event.ts";
import type { Deps } from "../deps.ts";
import { enqueue } from "../jobs/define.ts";
import { renderMarkdown } from "../text/markdown.ts";
import { rebuttalKinds } from "../vocabulary/rebuttal-kinds.ts";
import { verdicts } from "../vocabulary/verdicts.ts";
import {
  findByExternalId,
  insertLibraryItem,
  type LibraryItem,
  referenceCodes,
  updateLibraryItem,
} from "./db/library-import.ts";
import { deriveRebuttalSearch } from "./derive.ts";
import { indexRebuttal } from "./jobs.ts";

/** One line of an import file (DESIGN.md). */
export const ImportLine = z.object({
  externalId: z.string().trim().min(1, "缺少 externalId").max(200),
  claim: z.string().trim().min(1, "缺少 claim").max(10_000),
  verdict: z.enum(verdicts, `verdict 须为 ${verdicts.join("/")}`),
  title: z.string().trim().min(1).max(200).optional(),
  summary: z.string().trim().min(1, "缺少 summary").max(140, "summary 不能超过 140 字"),
  body: z.string().max(100_000, "body 过长"),
  sources: z
    .array(z.object({ title: z.string().min(1).max(300), url: z.url() }))
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
  return {
    externalId: l.externalId,
    slug: l.slug ?? slugFor(l.externalId, opts.slugPrefix),
    kind: l.kind ?? "rebuttal",
    claim: l.claim,
    verdict: l.verdict,
    title: l.title ?? l.claim.slice(0, 120),
    summary: l.summary,
    bodyMd: l.body,
    bodyHtml: renderMarkdown(l.body),
    sources: l.sources ?? [],
    tags: l.tags ?? [],
    category: l.category ?? null,
    regions: l.regions?.length ? l.regions : ["460000"],
    publishedAt: l.publishedAt ? new Date(l.publishedAt) : opts.now,
    imported: opts.imported,
  };
}

/**
 * Loads published rebuttals, one JSON object per line, idempotently by external id: new ones
 * are added, changed ones updated (as a new version), bad lines refused with their number and
 * reason. Each item is audited and queued for indexing in its own transaction.
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
  } = {},
): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, refused: [] };
  const codes = await referenceCodes(deps.sql);
  const seen = new Set<string>();
  for (const [i, raw] of lines.entries()) {
    opts.onProgress?.(i + 1);
    if (!raw.trim()) continue;
    const checked = checkLine(raw, codes, seen);
    if ("reason" in checked) {
      summary.refused.push({ line: i + 1, ...checked });
      continue;
    }
    const item = toItem(checked.line, {
      imported: opts.imported ?? true,
      slugPrefix: opts.slugPrefix ?? "i",
      now: deps.now(),
    });
    summary[await writeItem(deps, item, opts.actorLabel ?? "import")]++;
  }
  return summary;
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

async function writeItem(deps: Deps, item: LibraryItem, actorLabel: string) {
  return deps.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`import:${item.externalId}`}))`;
    const existing = await findByExternalId(tx, item.externalId);
    if (existing) {
      const [probe] = await tx<{ same: boolean }[]>`
        select md5(concat_ws('|', ${item.claim}::text, ${item.verdict}::text, ${item.title}::text,
          ${item.summary}::text, ${item.bodyMd}::text, ${tx.json(item.sources)}::jsonb::text,
          ${item.tags}::text[]::text, ${item.category}::text, ${item.regions}::text[]::text,
          ${item.kind}::text)) = ${existing.fingerprint} as same`;
      if (probe?.same) {
        await signImportedRebuttal(tx, deps, existing.id);
        return "unchanged" as const;
      }
      await updateLibraryItem(tx, existing.id, item);
    }
    const id = existing?.id ?? (await insertLibraryItem(tx, item));
    await deriveRebuttalSearch(tx, id);
    await signImportedRebuttal(tx, deps, id);
    await appendAudit(tx, {
      actor: { kind: "system", label: actorLabel },
      action: existing ? "rebuttal.import_updated" : "rebuttal.imported",
      object: { type: "rebuttal", id },
      data: { externalId: item.externalId },
    });
    await enqueue(tx, indexRebuttal, { rebuttalId: id });
    return existing ? ("updated" as const) : ("added" as const);
  });
}
