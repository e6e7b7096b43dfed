// Verify a Chorus signed message with node:crypto only (Node 18+, no dependencies).
// A message is { payload, signature, kid }: `payload` is the exact signed text (RFC 8785 JSON).
// Usage: node verify-message.mjs https://chorus.example.cn message.json
import crypto from "node:crypto";
import { readFile } from "node:fs/promises";

export async function verifyChorusMessage(chorusUrl, { payload, signature, kid }) {
  const res = await fetch(new URL("/.well-known/chorus-keys.json", chorusUrl));
  const { keys } = await res.json();
  const key = keys.find((k) => k.kid === kid); // retired keys stay listed: old messages verify
  if (!key) return false;
  const publicKey = crypto.createPublicKey({ key: key.jwk, format: "jwk" });
  const bytes = Buffer.from(payload, "utf8");
  return crypto.verify(null, bytes, publicKey, Buffer.from(signature, "base64url"));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replaceAll("\\", "/"))) {
  const [url, file] = process.argv.slice(2);
  const message = JSON.parse(await readFile(file, "utf8"));
  const genuine = await verifyChorusMessage(url, message);
  console.log(genuine ? "genuine: signed by Chorus" : "NOT signed by Chorus");
  process.exitCode = genuine ? 0 : 1;
}
