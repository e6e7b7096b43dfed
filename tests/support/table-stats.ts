import type { Sql } from "../../src/db/client.ts";

/** A table and whether Postgres has vacuumed and analysed it since a moment. */
export interface Settled {
  relname: string;
  vacuumed: boolean;
  analysed: boolean;
}

/**
 * Whether each of `tables` (schema public) was vacuumed and analysed at or after `since` (read
 * from Postgres's `now()`, so both clocks are the same), by table name.
 * @example expect(await settledSince(ctx.sql, since, ["rebuttals"])).toEqual([{ relname: "rebuttals", vacuumed: true, analysed: true }]);
 */
export async function settledSince(sql: Sql, since: Date, tables: string[]): Promise<Settled[]> {
  const rows = await sql<Settled[]>`
    select relname, coalesce(last_vacuum >= ${since}, false) as vacuumed,
           coalesce(last_analyze >= ${since}, false) as analysed
    from pg_stat_user_tables where schemaname = 'public' and relname = any(${tables})
    order by relname`;
  return rows.map((t) => ({ ...t }));
}
