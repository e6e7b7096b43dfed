import type { Sql } from "../db/client.ts";

export async function upsertRegions(
  sql: Sql,
  regions: { code: string; name: string; level: string; parent?: string }[],
) {
  // Parents first, so the self-reference holds row by row.
  const order = { province: 0, prefecture: 1, county: 2 } as Record<string, number>;
  const sorted = [...regions].sort((a, b) => order[a.level]! - order[b.level]!);
  for (const r of sorted) {
    await sql`
      insert into regions (code, name, parent_code, level)
      values (${r.code}, ${r.name}, ${r.parent ?? null}, ${r.level})
      on conflict (code) do update
        set name = excluded.name, parent_code = excluded.parent_code, level = excluded.level`;
  }
}

export async function upsertCategories(sql: Sql, categories: { slug: string; name: string }[]) {
  for (const [position, c] of categories.entries()) {
    await sql`
      insert into categories (slug, name, position) values (${c.slug}, ${c.name}, ${position})
      on conflict (slug) do update set name = excluded.name, position = excluded.position`;
  }
}

export async function listRegions(sql: Sql) {
  return sql<{ code: string; name: string; parentCode: string | null; level: string }[]>`
    select code, name, parent_code, level from regions order by code`;
}

export async function listCategories(sql: Sql) {
  return sql<{ slug: string; name: string }[]>`
    select slug, name from categories order by position`;
}
