import type { Config } from "../config.ts";
import type { Sql } from "../db/client.ts";
import type { Deps } from "../deps.ts";
import { listSigningKeys, publishSigningKey } from "./db/keys.ts";
import { loadSigningKey, type SigningKey } from "./keys.ts";
import { webhookPublicKey } from "./webhook-v1a.ts";

/**
 * The current signing key, its public half published (a new key retires the previous one).
 * Runs in the caller's transaction when given one. Call at start to fail early on a bad key.
 * @example const key = await currentSigningKey(deps.sql, deps.config, deps.now());
 */
export async function currentSigningKey(sql: Sql, config: Config, now: Date): Promise<SigningKey> {
  const key = loadSigningKey(config.signingKey);
  const publish = (tx: Sql) =>
    publishSigningKey(tx, { kid: key.kid, publicKey: key.publicKeyRaw }, now);
  if ("savepoint" in sql) await publish(sql);
  else await sql.begin(publish);
  return key;
}

/** One published key as `/.well-known/chorus-keys.json` lists it. */
export interface PublishedKey {
  kid: string;
  alg: "Ed25519";
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  /** The same key as Standard Webhooks writes it (`whpk_…`), for `v1a,` signatures. */
  webhookPublicKey: string;
  jwk: { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: "EdDSA"; use: "sig" };
  createdAt: string;
  retiredAt: string | null;
}

/**
 * Every public key this deployment ever signed with, newest first, the current one active.
 * @example const { keys } = await publishedKeys(deps);
 */
export async function publishedKeys(deps: Deps): Promise<{ issuer: string; keys: PublishedKey[] }> {
  await currentSigningKey(deps.sql, deps.config, deps.now());
  const rows = await listSigningKeys(deps.sql);
  return {
    issuer: deps.config.publicUrl,
    keys: rows.map((k) => ({
      kid: k.kid,
      alg: "Ed25519",
      publicKey: k.publicKey,
      webhookPublicKey: webhookPublicKey(k.publicKey),
      jwk: { kty: "OKP", crv: "Ed25519", x: k.publicKey, kid: k.kid, alg: "EdDSA", use: "sig" },
      createdAt: k.createdAt.toISOString(),
      retiredAt: k.retiredAt?.toISOString() ?? null,
    })),
  };
}
