import crypto from "node:crypto";

/** The signature of a one-click unsubscribe link: HMAC of the subscription id under its own key. */
export function unsubscribeSignature(key: string, subscriptionId: string): string {
  return crypto
    .createHmac("sha256", key)
    .update(`unsubscribe:${subscriptionId}`)
    .digest("base64url");
}

/** Whether `sig` is the subscription's unsubscribe signature (constant-time). */
export function verifyUnsubscribe(key: string, subscriptionId: string, sig: string): boolean {
  const want = Buffer.from(unsubscribeSignature(key, subscriptionId));
  const got = Buffer.from(sig);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}

/** The public one-click unsubscribe URL of a subscription. */
export function unsubscribeUrl(publicUrl: string, subscriptionId: string, key: string): string {
  return `${publicUrl}/unsubscribe/${subscriptionId}?sig=${unsubscribeSignature(key, subscriptionId)}`;
}

/** A fresh unsubscribe key for an email subscription. */
export const newUnsubscribeKey = () => crypto.randomBytes(32).toString("base64url");
