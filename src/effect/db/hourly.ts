import type { Sql } from "../../db/client.ts";

export interface HourlyRows {
  /** `key` is a rebuttal's slug or id, as the request named it. */
  rebuttals: {
    key: string;
    hour: Date;
    metric: "views" | "searchHits" | "searchClicks";
    count: number;
  }[];
  misses: { queryNorm: string; hour: Date; count: number }[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Adds counts to the hourly tables in one statement. Slugs and ids are resolved here; unknown
 * and drill rebuttals are dropped, so a drill never reaches the figures. Rows are written in key
 * order so that two nodes flushing at once cannot deadlock.
 */
export async function writeHourly(sql: Sql, rows: HourlyRows): Promise<void> {
  const byId = rows.rebuttals.filter((r) => UUID.test(r.key));
  const bySlug = rows.rebuttals.filter((r) => !UUID.test(r.key));
  const cols = (list: typeof byId) => ({
    keys: list.map((r) => r.key),
    hours: list.map((r) => r.hour.toISOString()),
    metrics: list.map((r) => r.metric),
    counts: list.map((r) => r.count),
  });
  const i = cols(byId);
  const s = cols(bySlug);
  await sql`
    with counted as (
      select rb.id, c.hour, c.metric, c.n
      from unnest(${i.keys}::uuid[], ${i.hours}::timestamptz[], ${i.metrics}::text[],
                  ${i.counts}::int[]) as c (key, hour, metric, n)
      join rebuttals rb on rb.id = c.key and not rb.drill
      union all
      select rb.id, c.hour, c.metric, c.n
      from unnest(${s.keys}::text[], ${s.hours}::timestamptz[], ${s.metrics}::text[],
                  ${s.counts}::int[]) as c (key, hour, metric, n)
      join rebuttals rb on rb.slug = c.key and not rb.drill
    ), summed as (
      select id, hour,
             coalesce(sum(n) filter (where metric = 'views'), 0)::int as views,
             coalesce(sum(n) filter (where metric = 'searchHits'), 0)::int as search_hits,
             coalesce(sum(n) filter (where metric = 'searchClicks'), 0)::int as search_clicks
      from counted group by id, hour
    ), rebuttal_rows as (
      insert into rebuttal_hourly as h (rebuttal_id, hour, views, search_hits, search_clicks)
      select id, hour, views, search_hits, search_clicks from summed order by id, hour
      on conflict (rebuttal_id, hour) do update set
        views = h.views + excluded.views,
        search_hits = h.search_hits + excluded.search_hits,
        search_clicks = h.search_clicks + excluded.search_clicks
    )
    insert into search_miss_hourly as m (query_norm, hour, count)
    select q, hour, sum(n)
    from unnest(${rows.misses.map((m) => m.queryNorm)}::text[],
                ${rows.misses.map((m) => m.hour.toISOString())}::timestamptz[],
                ${rows.misses.map((m) => m.count)}::int[]) as x (q, hour, n)
    group by q, hour
    order by q, hour
    on conflict (query_norm, hour) do update set count = m.count + excluded.count`;
}
