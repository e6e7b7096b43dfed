import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import {
  keyId,
  loadSigningKey,
  newSigningKeyPem,
  rawPublicKey,
  signingKeyFromPem,
} from "./keys.ts";
import { signPayload, verifyPayload } from "./signature.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-keys-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("signing keys", () => {
  it("names a key by the first 16 hex digits of SHA-256 over its raw public key", () => {
    const key = signingKeyFromPem(newSigningKeyPem());
    const raw = rawPublicKey(key.publicKey);
    expect(raw).toHaveLength(32);
    expect(key.kid).toBe(crypto.createHash("sha256").update(raw).digest("hex").slice(0, 16));
    expect(keyId(raw)).toMatch(/^[0-9a-f]{16}$/);
  });

  it("generates the embedded default once under DATA_DIR, readable by its owner only", () => {
    const config = loadConfig({ DATA_DIR: path.join(dir, "data") }, dir);
    const first = loadSigningKey(config.signingKey);
    const file = path.join(dir, "data", "signing-key.pem");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadSigningKey(config.signingKey).kid).toBe(first.kid);
    expect(fs.readdirSync(path.join(dir, "data"))).toEqual(["signing-key.pem"]);
  });

  it("takes the key from SIGNING_KEY or SIGNING_KEY_FILE, and never writes one there", () => {
    const pem = newSigningKeyPem();
    const inline = loadSigningKey(loadConfig({ SIGNING_KEY: pem }, dir).signingKey);
    fs.writeFileSync(path.join(dir, "given.pem"), pem, { mode: 0o600 });
    const fromFile = loadSigningKey(loadConfig({ SIGNING_KEY_FILE: "given.pem" }, dir).signingKey);
    expect(fromFile.kid).toBe(inline.kid);
    const missing = loadConfig({ SIGNING_KEY_FILE: "absent.pem" }, dir).signingKey;
    expect(() => loadSigningKey(missing)).toThrow(/ENOENT/);
  });

  it("refuses a key that is not Ed25519, and a SIGNING_KEY that is not a PEM", () => {
    const rsa = crypto.generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey;
    expect(() =>
      signingKeyFromPem(rsa.export({ format: "pem", type: "pkcs8" }).toString()),
    ).toThrow(/Ed25519/);
    expect(() => loadConfig({ SIGNING_KEY: "secret" })).toThrow(/SIGNING_KEY/);
  });

  it("signs and verifies a round trip; any changed byte or another key fails", () => {
    const key = signingKeyFromPem(newSigningKeyPem());
    const other = signingKeyFromPem(newSigningKeyPem());
    const payload = '{"rebuttal":{"title":"板蓝根不能预防新冠病毒感染"},"seq":1}';
    const signature = signPayload(payload, key);
    expect(verifyPayload(payload, signature, key.publicKeyRaw)).toBe(true);
    expect(verifyPayload(payload.replace("不能", "能"), signature, key.publicKeyRaw)).toBe(false);
    expect(verifyPayload(payload, signature, other.publicKeyRaw)).toBe(false);
    expect(verifyPayload(payload, "not-a-signature", key.publicKeyRaw)).toBe(false);
    expect(verifyPayload(payload, signature, "AAAA")).toBe(false);
  });
});
