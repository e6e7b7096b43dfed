import type { Sql } from "../../db/client.ts";

export interface SigningKeyRow {
  kid: string;
  alg: "Ed25519";
  publicKey: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export async function findSigningKey(sql: Sql, kid: string) {
  const [row] = await sql`
    select kid, alg, public_key, created_at, retired_at from signing_keys where kid = ${kid}`;
  return row as SigningKeyRow | undefined;
}

export async function listSigningKeys(sql: Sql) {
  return (await sql`
    select kid, alg, public_key, created_at, retired_at from signing_keys
    order by created_at desc, kid`) as unknown as SigningKeyRow[];
}

/**
 * Publishes a key that is not published yet and retires the one it replaces. Serialised by an
 * advisory lock; a key published already is left as it is.
 */
export async function publishSigningKey(
  sql: Sql,
  key: { kid: string; publicKey: string },
  now: Date,
): Promise<void> {
  if (await findSigningKey(sql, key.kid)) return;
  await sql`select pg_advisory_xact_lock(hashtext('chorus_signing_keys'))`;
  if (await findSigningKey(sql, key.kid)) return;
  await sql`update signing_keys set retired_at = ${now} where retired_at is null`;
  await sql`
    insert into signing_keys (kid, public_key, created_at)
    values (${key.kid}, ${key.publicKey}, ${now})`;
}
