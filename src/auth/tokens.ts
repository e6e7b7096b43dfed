import crypto from "node:crypto";

/** Session tokens start with `cs_`, API tokens with `ct_`: the prefix says where to look. */
export type TokenKind = "session" | "api";
const prefixes: Record<TokenKind, string> = { session: "cs_", api: "ct_" };

/** A new random token (256 bits) and the hash that is stored instead of it. */
export function newToken(kind: TokenKind): { token: string; hash: string } {
  const token = prefixes[kind] + crypto.randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function tokenKind(token: string): TokenKind | undefined {
  if (token.startsWith(prefixes.session)) return "session";
  if (token.startsWith(prefixes.api)) return "api";
  return undefined;
}
