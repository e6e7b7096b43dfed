import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../content/synonyms.json");

/** The synonym groups in content/synonyms.json; the first word of each is canonical. */
export const synonymGroups: string[][] = (
  JSON.parse(fs.readFileSync(FILE, "utf8")) as { groups: string[][] }
).groups.map((g) => g.map((w) => w.toLowerCase()));

// Longest variants first, so that 新型冠状病毒肺炎 folds before 新型冠状病毒 does.
// Canonical words are in the pattern too, so that 潜伏期 is not read as 潜伏 + 期.
const folds: [string, string][] = synonymGroups
  .flatMap((g) => g.map((w): [string, string] => [w, g[0]!]))
  .sort((a, b) => b[0].length - a[0].length);
const pattern = new RegExp(
  folds.map(([w]) => w.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("|"),
  "g",
);
const canonicalOf = new Map(folds);

/**
 * Replaces every synonym in normalised text with its group's canonical word.
 * @example canonicalize("新型冠状病毒肺炎") === "新冠肺炎"
 */
export function canonicalize(normalized: string): string {
  return normalized.replace(pattern, (w) => canonicalOf.get(w) ?? w);
}
