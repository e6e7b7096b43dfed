import type { Db, Sql } from "../../db/client.ts";

/** The cached PNG of a rebuttal's card under one key, or undefined. */
export async function findShareCard(
  sql: Sql,
  rebuttalId: string,
  cardKey: string,
): Promise<Buffer | undefined> {
  const [row] = await sql`
    select png from share_cards where rebuttal_id = ${rebuttalId} and card_key = ${cardKey}`;
  return row?.png as Buffer | undefined;
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
