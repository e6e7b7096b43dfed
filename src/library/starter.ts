import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import type { Deps } from "../deps.ts";
import { importRebuttals } from "./import-rebuttals.ts";

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../content/library");

/** The external id that marks a rebuttal as starter content shipped with Chorus. */
export const starterExternalId = (slug: string) => `chorus-starter:${slug}`;

/** content/library/*.md (YAML front matter + Markdown body) as import lines. */
export function readStarterLibrary(dir = DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${file}: front matter missing`);
      const meta = YAML.parse(match[1]!) as Record<string, unknown> & { slug: string };
      return JSON.stringify({
        ...meta,
        externalId: starterExternalId(meta.slug),
        body: match[2]!.trim(),
      });
    });
}

/**
 * Loads the starter library (product content, not demo data) at start; idempotent: unchanged
 * items are left alone, edited ones become a new version.
 * @example await loadStarterLibrary(deps) // "44 条：新增 0，更新 0"
 */
export async function loadStarterLibrary(deps: Deps): Promise<string> {
  const lines = readStarterLibrary();
  const s = await importRebuttals(deps, lines, { imported: false, actorLabel: "starter-library" });
  if (s.refused.length) throw new Error(`starter library refused: ${JSON.stringify(s.refused)}`);
  return `${lines.length} 条：新增 ${s.added}，更新 ${s.updated}`;
}
