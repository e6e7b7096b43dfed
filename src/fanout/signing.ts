import crypto from "node:crypto";

const PREFIX = "whsec_";

/** A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return PREFIX + crypto.randomBytes(32).toString("base64");
}

/** The `v1,<base64>` HMAC-SHA256 of `id.timestamp.body` under one `whsec_` secret. */
export function signatureFor(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(
    secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret,
    "base64",
  );
  const mac = crypto
    .createHmac("sha256", key)
    .update(`${id}.${timestamp}.${body}`)
    .digest("base64");
  return `v1,${mac}`;
}

/**
 * The three Standard Webhooks headers; with a rotation in progress both secrets sign, separated
 * by a space, so receivers holding either secret verify the message.
 * @example signedHeaders(["whsec_…"], event.id, body, new Date())
 */
export function signedHeaders(
  secrets: string[],
  id: string,
  body: string,
  at: Date,
): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((s) => signatureFor(s, id, timestamp, body)).join(" "),
  };
}
