import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { upsertCategories, upsertRegions } from "./db.ts";

export const CONTENT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../content",
);

const regionsFile = z.object({
  regions: z
    .array(
      z.object({
        code: z.string().regex(/^\d{6}$/, "GB/T 2260 codes have six digits"),
        name: z.string().min(1),
        level: z.enum(["province", "prefecture", "county"]),
        parent: z.string().optional(),
      }),
    )
    .min(1),
});

/** CAP 1.2 `<category>` values (OASIS CAP 1.2, 3.2.2). */
export const capCategories = [
  "Geo",
  "Met",
  "Safety",
  "Security",
  "Rescue",
  "Fire",
  "Health",
  "Env",
  "Transport",
  "Infra",
  "CBRNE",
  "Other",
] as const;

const taxonomyFile = z.object({
  categories: z
    .array(
      z.object({
        slug: z.string().regex(/^[a-z][a-z0-9-]*$/),
        name: z.string().min(1),
        cap: z.enum(capCategories).default("Other"),
      }),
    )
    .min(1),
});

/** Reads and validates a JSON file under content/, naming the file and field on failure. */
export function readContentJson<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const full = path.join(CONTENT_DIR, file);
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(full, "utf8")));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`content/${file} is invalid: ${where}`);
  }
  return parsed.data;
}

/** Regions from content/regions.json: their one definition (loaded into the `regions` table). */
export function readRegions() {
  const { regions } = readContentJson("regions.json", regionsFile);
  const codes = new Set(regions.map((r) => r.code));
  for (const r of regions) {
    if (r.parent && !codes.has(r.parent)) {
      throw new Error(`content/regions.json: ${r.code} names unknown parent ${r.parent}`);
    }
  }
  return regions;
}

/** Categories from content/taxonomy.json: their one definition (loaded into `categories`). */
export function readCategories() {
  return readContentJson("taxonomy.json", taxonomyFile).categories;
}

/** Loads regions and categories into the database; safe to run on every start. */
export async function loadReferenceData(sql: Sql): Promise<string> {
  const regions = readRegions();
  const categories = readCategories();
  await upsertRegions(sql, regions);
  await upsertCategories(sql, categories);
  return `${regions.length} regions, ${categories.length} categories`;
}
