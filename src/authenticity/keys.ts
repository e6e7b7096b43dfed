import crypto, { type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SigningKeySource } from "../config.ts";

/** The deployment's Ed25519 signing key: the private half signs, the public half is published. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The raw 32-byte public key, base64url (the JWK `x`). */
  publicKeyRaw: string;
}

/** The raw 32 bytes of an Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: "jwk" });
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.x) throw new Error("not an Ed25519 key");
  return Buffer.from(jwk.x, "base64url");
}

/**
 * The key id: the first 16 hex digits of SHA-256 over the raw public key.
 * @example keyId(Buffer.alloc(32)) === "66687aadf862bd77"
 */
export function keyId(raw: Buffer): string {
  return crypto.createHash("sha256").update(raw).digest("hex").slice(0, 16);
}

/** A signing key from a PKCS#8 PEM; throws a readable error when it is not Ed25519. */
export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = crypto.createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519") {
    throw new Error(`the signing key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
  }
  const publicKey = crypto.createPublicKey(privateKey);
  const raw = rawPublicKey(publicKey);
  return { kid: keyId(raw), privateKey, publicKey, publicKeyRaw: raw.toString("base64url") };
}

/** A new Ed25519 private key as PKCS#8 PEM. */
export function newSigningKeyPem(): string {
  const { privateKey } = crypto.generateKeyPairSync("ed25519");
  return privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

/**
 * Writes a PEM to `file` with mode 0600 without ever exposing a half-written file: a temporary
 * file is linked into place. `replace: false` keeps a key another process wrote first.
 */
export function writeKeyFile(file: string, pem: string, opts: { replace: boolean }): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, pem, { mode: 0o600, flag: "wx" });
  try {
    if (opts.replace) fs.renameSync(tmp, file);
    else fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

let last: { pem: string; key: SigningKey } | undefined;

/**
 * The current signing key of a configuration. A file is read on every call, so a rotation by
 * `npm run keys:rotate` takes effect in running processes at their next signature; the default
 * file under DATA_DIR is generated on first use.
 * @example const key = loadSigningKey(deps.config.signingKey); sign(payload, key);
 */
export function loadSigningKey(source: SigningKeySource): SigningKey {
  let pem: string;
  if (source.kind === "pem") pem = source.pem;
  else {
    if (source.generate && !fs.existsSync(source.path)) {
      writeKeyFile(source.path, newSigningKeyPem(), { replace: false });
    }
    pem = fs.readFileSync(source.path, "utf8");
  }
  if (last?.pem !== pem) last = { pem, key: signingKeyFromPem(pem) };
  return last.key;
}
