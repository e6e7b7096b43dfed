import crypto, { type KeyObject } from "node:crypto";
import type { SigningKey } from "./keys.ts";

/**
 * The Ed25519 signature of a canonical payload's UTF-8 bytes, base64url.
 * @example const signature = signPayload(canonicalJson(payload), key);
 */
export function signPayload(payload: string, key: SigningKey): string {
  return crypto.sign(null, Buffer.from(payload, "utf8"), key.privateKey).toString("base64url");
}

/** An Ed25519 public key from its raw 32 bytes (base64url), as the keys document lists it. */
export function publicKeyFromRaw(raw: string): KeyObject {
  return crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: raw }, format: "jwk" });
}

/** Whether `signature` is a valid signature of `payload` by the key; malformed input is false. */
export function verifyPayload(payload: string, signature: string, publicKeyRaw: string): boolean {
  try {
    const sig = Buffer.from(signature, "base64url");
    if (sig.length !== 64) return false;
    return crypto.verify(null, Buffer.from(payload, "utf8"), publicKeyFromRaw(publicKeyRaw), sig);
  } catch {
    return false;
  }
}
