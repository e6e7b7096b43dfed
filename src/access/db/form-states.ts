import type { Sql } from "../../db/client.ts";

/** Keeps a form state for one user, sweeping states nobody came back for within the hour. */
export async function insertFormState(sql: Sql, userId: string, state: unknown): Promise<string> {
  await sql`delete from form_states where created_at < now() - interval '1 hour'`;
  const [row] = await sql`
    insert into form_states (user_id, state) values (${userId}, ${sql.json(state as never)})
    returning id`;
  return row!.id as string;
}

/** Takes (reads and deletes) a user's form state; another user's id finds nothing. */
export async function takeFormStateRow(sql: Sql, id: string, userId: string) {
  const [row] = await sql`
    delete from form_states where id = ${id} and user_id = ${userId} returning state`;
  return row?.state as unknown;
}
