import crypto from "node:crypto";

// N=2^15, r=8: 32 MiB and tens of milliseconds per check; the parameters travel in the hash.
const PARAMS = { N: 32768, r: 8, p: 1 };
const KEY_LENGTH = 32;
const MAX_MEM = 128 * 1024 * 1024;

function scrypt(password: string, salt: Buffer, p: typeof PARAMS, keyLength: number) {
  return new Promise<Buffer>((resolve, reject) => {
    crypto.scrypt(
      password.normalize("NFKC"),
      salt,
      keyLength,
      { ...p, maxmem: MAX_MEM },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/**
 * Hashes a password with scrypt and a random salt, as `scrypt$N$r$p$salt$key` (base64url).
 * @example const hash = await hashPassword("chorus-demo-2020");
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, PARAMS, KEY_LENGTH);
  const { N, r, p } = PARAMS;
  return ["scrypt", N, r, p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Whether the password matches the stored hash; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5]!, "base64url");
  const key = await scrypt(
    password,
    Buffer.from(parts[4]!, "base64url"),
    { N, r, p },
    expected.length,
  );
  return expected.length > 0 && crypto.timingSafeEqual(key, expected);
}

/**
 * A hash of a random password nobody knows, with the current parameters: checking an unknown
 * account against it costs what a real check costs, from the very first request.
 */
export const DUMMY_PASSWORD_HASH =
  "scrypt$32768$8$1$Y2GtNiB3VMXvQRLjL3ULBA$MIxAL1-xleqUi4sxypqOCN-msQ0MnG-BUqKt-80CJRY";

/** The parameters new hashes get, for checking that DUMMY_PASSWORD_HASH keeps up with them. */
export const PASSWORD_PARAMS = { ...PARAMS, keyLength: KEY_LENGTH };
