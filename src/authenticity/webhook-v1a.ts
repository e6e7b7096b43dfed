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

/**
 * Standard Webhooks headers with the deployment's `v1a,` signature appended to
 * `webhook-signature` (space-separated, after the `v1,` ones), so that receivers holding the
 * HMAC secret and receivers holding only the public key both verify the same request.
 * @example headers = await withV1aSignature(deps, signedHeaders(secrets, id, body, now), body);
 */
export async function withV1aSignature(
  deps: Deps,
  headers: Record<string, string>,
  body: string,
): Promise<Record<string, string>> {
  const id = headers["webhook-id"]!;
  const v1a = await webhookV1aSignature(deps, id, Number(headers["webhook-timestamp"]), body);
  const all = [headers["webhook-signature"], v1a].filter(Boolean).join(" ");
  return { ...headers, "webhook-signature": all };
}

/**
 * The `whpk_` key that verifies the `v1a,` signatures sent from now on (a rotation lists the
 * next one in `/.well-known/chorus-keys.json`).
 * @example return { id, secret, publicKey: await currentWebhookPublicKey(deps) };
 */
export async function currentWebhookPublicKey(deps: Deps): Promise<string> {
  const key = await currentSigningKey(deps.sql, deps.config, deps.now());
  return webhookPublicKey(key.publicKeyRaw);
}
