import type { Deps } from "../src/deps.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { generate, sentences } from "./generate-library.ts";
import { type DataItem, loadSharedData } from "./library-env.ts";
import { handwrittenNewRumours, handwrittenRepeats } from "./relevance-handwritten.ts";
import { moreNewRumours, moreRepeats } from "./relevance-handwritten-more.ts";
import { buildQuerySets, type LabelledQuery, split } from "./relevance-queries.ts";

/**
 * What intake is measured on (bench/intake-meili.ts, bench/intake-lookup.ts): every labelled
 * repeat set by name and the new rumours, one half of each (`report`: held out).
 * @example const { repeats, fresh } = intakeSets("report");
 */
export function intakeSets(half: "tune" | "report"): {
  items: DataItem[];
  repeats: [string, LabelledQuery[]][];
  fresh: string[];
} {
  const { dxy, cofacts } = loadSharedData();
  const generated = buildQuerySets(dxy, cofacts);
  const repeats = Object.entries({
    short: generated.short!,
    paraphrase: generated.paraphrase!,
    typo: generated.typo!,
    traditional: generated.traditional!,
    "pasted-dxy": generated["pasted-dxy"]!,
    "pasted-cofacts": generated["pasted-cofacts"]!,
    handwritten: handwrittenRepeats,
    "handwritten-2": moreRepeats,
  }).map(([name, all]): [string, LabelledQuery[]] => [name, split(all)[half]]);
  const fresh = [...split(handwrittenNewRumours)[half], ...split(moreNewRumours)[half]];
  return { items: [...dxy, ...cofacts], repeats, fresh };
}

/**
 * Imports the shared documents and `size` generated rebuttals whose claims are body sentences
 * (bench:relevance-scale's "fair" library: a labelled document is the one right answer), then
 * vacuums and analyses the search rows; returns the library's size and each shared document's id by its
 * external id.
 * @example const { size, idOf } = await importFairLibrary(env.deps, items, 20_000);
 */
export async function importFairLibrary(
  deps: Deps,
  items: DataItem[],
  size: number,
): Promise<{ size: number; idOf: Map<string, string> }> {
  const lines = [
    ...items.map((i) => JSON.stringify({ ...i, category: "infectious-disease" })),
    ...generate(sentences(items), 0, size, { claimsFrom: "bodies" }),
  ];
  for (let i = 0; i < lines.length; i += 5000)
    await importRebuttals(deps, lines.slice(i, i + 5000));
  await deps.sql`vacuum analyze rebuttal_search`;
  const rows = await deps.sql<{ id: string; externalId: string }[]>`
    select id, external_id from rebuttals where external_id is not null`;
  return { size: lines.length, idOf: new Map(rows.map((r) => [r.externalId, r.id])) };
}
