import crypto from "node:crypto";
import type { Deps } from "../deps.ts";
import { currentSigningKey } from "./signing-keys.ts";

/**
 * The Standard Webhooks asymmetric signature (`v1a,<base64 Ed25519>`) over
 * `${id}.${timestamp}.${body}`, made with the deployment's signing key: the fan-out's webhook
 * channel adds it to `webhook-signature` beside the `v1,` HMAC.
 * @example headers["webhook-signature"] = `${hmac} ${await webhookV1aSignature(deps, id, ts, body)}`;
 */
export async function webhookV1aSignature(
  deps: Deps,
  id: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const key = await currentSigningKey(deps.sql, deps.config, deps.now());
  const signed = crypto.sign(null, Buffer.from(`${id}.${timestamp}.${body}`), key.privateKey);
  return `v1a,${signed.toString("base64")}`;
}

/** A published public key in Standard Webhooks' form (`whpk_<base64 raw key>`). */
export function webhookPublicKey(publicKeyRaw: string): string {
  return `whpk_${Buffer.from(publicKeyRaw, "base64url").toString("base64")}`;
}
