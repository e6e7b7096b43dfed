import type { Sql } from "../../db/client.ts";

/** Whether graphile-worker's schema exists in this database (the queue is installed). */
export async function queueInstalled(sql: Sql): Promise<boolean> {
  const [row] = await sql`
    select to_regclass('graphile_worker._private_jobs') is not null as queue_installed`;
  return Boolean(row?.queueInstalled);
}
