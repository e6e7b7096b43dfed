import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const pages = path.dirname(fileURLToPath(import.meta.url));

/** Page code (not its tests, which may read rows to check what a page did). */
const pageFiles = (fs.readdirSync(pages, { recursive: true }) as string[])
  .map((f) => f.split(path.sep).join("/"))
  .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.ts$|(^|\/)tests\//.test(f));

/** Every module specifier a file imports or re-exports, type-only ones included. */
function specifiers(text: string): string[] {
  const found = text.matchAll(
    /\b(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
  );
  return [...found].map((m) => m[1] ?? m[2] ?? "");
}

/** A module of SQL: an area's `db/` folder, `src/db`, or a `db.ts` file. */
const isSqlModule = (spec: string) => /(^|\/)db(\/|\.ts$)/.test(spec);

describe("pages go through services", () => {
  it("finds the page files it checks", () => {
    expect(pageFiles).toContain("public/index.tsx");
    expect(pageFiles).toContain("console/case-page.tsx");
  });

  it("no page imports an area's db module: pages call the same service verbs as the API", () => {
    const offenders = pageFiles.flatMap((file) =>
      specifiers(fs.readFileSync(path.join(pages, file), "utf8"))
        .filter(isSqlModule)
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("recognises a db import written in any of the ways TypeScript allows", () => {
    const sample = `import { a } from "../../cases/db/cases.ts";
import type { B } from "../../topics/db/topics.ts";
export { c } from "../../content/db.ts";
const d = await import("../../db/client.ts");
import { e } from "../../library/get-rebuttal.ts";`;
    expect(specifiers(sample).filter(isSqlModule)).toEqual([
      "../../cases/db/cases.ts",
      "../../topics/db/topics.ts",
      "../../content/db.ts",
      "../../db/client.ts",
    ]);
  });
});
