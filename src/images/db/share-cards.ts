import type { Db, Sql } from "../../db/client.ts";

/**
 * The current card of a public rebuttal by id or slug in one query: its key (version, status,
 * latest signature code) and the cached PNG when one exists under that key. Undefined for an
 * unknown id or a drill.
 */
export async function currentShareCard(sql: Sql, idOrSlug: string, isUuid: boolean) {
  const [row] = await sql<{ id: string; cardKey: string; png: Buffer | null }[]>`
    select r.id, k.card_key, c.png
    from rebuttals r
    cross join lateral (
      select r.version || ':' || r.status || ':' || coalesce((
        select s.code from rebuttal_signatures s where s.rebuttal_id = r.id
        order by s.seq desc nulls last, s.version desc, s.id desc limit 1), '-') as card_key
    ) k
    left join share_cards c on c.rebuttal_id = r.id and c.card_key = k.card_key
    where ${isUuid ? sql`r.id = ${idOrSlug}` : sql`r.slug = ${idOrSlug}`} and not r.drill`;
  return row;
}

/** Keeps a rendered card; the older keys of the same rebuttal are dropped. */
export async function saveShareCard(
  sql: Db,
  card: { rebuttalId: string; cardKey: string; png: Buffer; renderedMs: number },
): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from share_cards
      where rebuttal_id = ${card.rebuttalId} and card_key <> ${card.cardKey}`;
    await tx`
      insert into share_cards (rebuttal_id, card_key, png, rendered_ms)
      values (${card.rebuttalId}, ${card.cardKey}, ${card.png}, ${card.renderedMs})
      on conflict (rebuttal_id, card_key) do nothing`;
  });
}
