import type { Role } from "../../src/auth/actor.ts";
import { hashPassword } from "../../src/auth/password.ts";
import type { Sql } from "../../src/db/client.ts";
import type { App } from "../../src/http/env.ts";
import { createUser } from "./factories.ts";

export const TEST_PASSWORD = "correct horse 电池 staple";

let cachedHash: Promise<string> | undefined;

/** A person who can sign in with TEST_PASSWORD (the hash is computed once per file). */
export async function userWithPassword(
  sql: Sql,
  roles: Role[],
  u: Parameters<typeof createUser>[1] = {},
) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return createUser(sql, { ...u, roles, passwordHash: await cachedHash });
}

/** Splits `Set-Cookie` headers into name → value. */
export function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const i = pair!.indexOf("=");
    out[pair!.slice(0, i)] = decodeURIComponent(pair!.slice(i + 1));
  }
  return out;
}

/** JSON request options for `app.request`. */
export function jsonBody(method: string, body: unknown, headers: Record<string, string> = {}) {
  return {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

/**
 * Signs a new person in like a browser does: `cookie` for the Cookie header and `csrf` for the
 * `x-csrf-token` header (or `_csrf` form field) of unsafe requests.
 * @example const b = await browserSession(app, ctx.sql, ["coordinator"]);
 */
export async function browserSession(app: App, sql: Sql, roles: Role[]) {
  const user = await userWithPassword(sql, roles);
  const res = await app.request(
    "/api/v1/session",
    jsonBody("POST", { email: user.email, password: TEST_PASSWORD }),
  );
  const jar = cookiesOf(res);
  return {
    user,
    cookie: `chorus_session=${jar.chorus_session}; chorus_csrf=${jar.chorus_csrf}`,
    csrf: jar.chorus_csrf!,
    token: ((await res.json()) as { token: string }).token,
  };
}
