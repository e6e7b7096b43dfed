import crypto from "node:crypto";

/** JSON with object keys sorted at every level, so a value always hashes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export const GENESIS_HASH = "0".repeat(64);

export interface AuditFields {
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  ip: string | null;
  requestId: string | null;
  data: unknown;
}

/** The hash of an entry: sha256 over the previous hash and the entry's canonical JSON. */
export function entryHash(prevHash: string, fields: AuditFields): string {
  return crypto
    .createHash("sha256")
    .update(`${prevHash}\n${canonicalJson(fields)}`)
    .digest("hex");
}
