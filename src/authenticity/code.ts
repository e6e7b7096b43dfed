import crypto from "node:crypto";

// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{8}$/;

/**
 * The short verification code of a signature: 8 base32 characters (40 bits) of its SHA-256.
 * `attempt` picks the next 40 bits, for the (rare) code another message already holds.
 * @example verificationCode(signature) → "7K3M9Q2D"
 */
export function verificationCode(signature: string, attempt = 0): string {
  const digest = crypto.createHash("sha256").update(signature).digest();
  let bits = 0n;
  for (const byte of digest.subarray(attempt * 5, attempt * 5 + 5))
    bits = (bits << 8n) | BigInt(byte);
  let code = "";
  for (let i = 7; i >= 0; i--) code += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return code;
}

/**
 * A code as people type it (lower case, spaces, a dash, O for 0, I or L for 1) in canonical
 * form, or undefined when it cannot be one.
 * @example parseCode("7k3m-9q2d") === "7K3M9Q2D"
 */
export function parseCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  return CODE_PATTERN.test(code) ? code : undefined;
}

/** A code as printed: two groups of four. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
