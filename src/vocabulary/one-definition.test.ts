import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { caseStateLabels, caseStates } from "./case-states.ts";
import { channelDescriptions, channelLabels, channels } from "./channels.ts";
import { eventTypeLabels, publicEventTypes, staffEventTypes } from "./event-types.ts";
import { organisationKindLabels, organisationKinds } from "./organisation-kinds.ts";
import { rebuttalKindLabels, rebuttalKinds } from "./rebuttal-kinds.ts";
import { roleLabels, roles } from "./roles.ts";
import { topicKindLabels, topicKinds } from "./topic-kinds.ts";
import { urgencyLabels, urgencyNames } from "./urgencies.ts";
import { verdictLabels, verdicts } from "./verdicts.ts";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** JSDoc examples may mention values; only code defines them. */
function withoutBlockComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "");
}

/** Source files outside src/vocabulary that ship: tests may spell values out as data. */
const sources = (fs.readdirSync(src, { recursive: true }) as string[])
  .map((f) => f.split(path.sep).join("/"))
  .filter((f) => /\.(ts|tsx|js)$/.test(f))
  .filter((f) => !f.startsWith("vocabulary/") && !/\.test\.ts$|(^|\/)tests\//.test(f))
  .map((file) => ({
    file,
    text: withoutBlockComments(fs.readFileSync(path.join(src, file), "utf8")),
  }));

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/（）]/g, "\\$&");

/** Where a label is written as a whole string literal (or as JSX text in a .tsx file). */
function labelUses(label: string): string[] {
  const literal = new RegExp(`(["'\`])${escapeRegExp(label)}\\1`);
  const jsxText = new RegExp(`>\\s*${escapeRegExp(label)}\\s*<`);
  return sources
    .filter(({ file, text }) => literal.test(text) || (file.endsWith(".tsx") && jsxText.test(text)))
    .map(({ file }) => file);
}

/**
 * Array literals and union types that name every one of the values: a second definition. (Maps
 * keyed by the values, typed `Record<Verdict, …>`, are checked against the vocabulary by tsc.)
 */
function fullCopies(values: readonly string[]): string[] {
  const lists = /\[[^[\]]*\]|(?:["'][\w.]+["']\s*\|\s*)+["'][\w.]+["']/g;
  const named = /["']([\w.]+)["']/g;
  const found: string[] = [];
  for (const { file, text } of sources) {
    for (const list of text.match(lists) ?? []) {
      const names = new Set([...list.matchAll(named)].map((m) => m[1]));
      if (values.every((v) => names.has(v))) found.push(`${file}: ${list.slice(0, 80)}`);
    }
  }
  return found;
}

const vocabularies = {
  verdicts: { values: verdicts, labels: [verdictLabels] },
  "case states": { values: caseStates, labels: [caseStateLabels] },
  channels: { values: channels, labels: [channelLabels, channelDescriptions] },
  "public event types": { values: publicEventTypes, labels: [eventTypeLabels] },
  "staff event types": { values: staffEventTypes, labels: [] },
  roles: { values: roles, labels: [roleLabels] },
  "organisation kinds": { values: organisationKinds, labels: [organisationKindLabels] },
  "rebuttal kinds": { values: rebuttalKinds, labels: [rebuttalKindLabels] },
  "topic kinds": { values: topicKinds, labels: [topicKindLabels] },
  urgencies: { values: [], labels: [urgencyNames, urgencyLabels] },
} satisfies Record<string, { values: readonly string[]; labels: Record<string, string>[] }>;

describe("each vocabulary is defined once, in src/vocabulary", () => {
  it("the source scan sees the code that uses the vocabulary", () => {
    expect(sources.map((s) => s.file)).toContain("pages/public/layout.tsx");
    expect(labelUses("查看全文")).toEqual([
      "pages/assets/media-live.js",
      "pages/console/media-page.tsx",
    ]);
    expect(fullCopies(["sequential", "parallel"]).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(vocabularies))("no other file lists all the %s", (_name, v) => {
    if (v.values.length > 0) expect(fullCopies(v.values)).toEqual([]);
  });

  it.each(Object.entries(vocabularies))("no other file writes a label of the %s", (_name, v) => {
    const labels = [...new Set(v.labels.flatMap((m) => Object.values(m)))];
    const uses = labels.flatMap((label) => labelUses(label).map((file) => `${file}: ${label}`));
    expect(uses).toEqual([]);
  });

  it("no other file lists the urgency levels 1–4", () => {
    const copies = sources.filter(({ text }) => /\[\s*1,\s*2,\s*3,\s*4\s*\]/.test(text));
    expect(copies.map((s) => s.file)).toEqual([]);
  });

  it("the verdict labels 谣言, 误导, 尚无定论 and 属实 are written only in src/vocabulary", () => {
    expect(Object.values(verdictLabels)).toEqual(["谣言", "误导", "尚无定论", "属实"]);
    expect(Object.values(verdictLabels).flatMap(labelUses)).toEqual([]);
  });
});
