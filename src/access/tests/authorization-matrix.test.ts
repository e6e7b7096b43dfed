import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../tests/support/context.ts";
import {
  createApiToken,
  createOrganisation,
  createSession,
  createUser,
} from "../../../tests/support/factories.ts";
import type { AccessSpec } from "../../auth/access.ts";
import { type Role, type Scope, scopes } from "../../auth/actor.ts";
import { createApp } from "../../http/app.ts";
import type { App } from "../../http/env.ts";

/**
 * Every operation of the OpenAPI document × every kind of caller: refused (401 anonymous, 403
 * otherwise) exactly when the operation's `x-chorus-access` denies, and never refused when it
 * allows. Generic on purpose: a new operation is covered, or fails here without a declaration.
 */
type Caller =
  | { name: "anonymous" }
  | { name: Role; role: Role }
  | { name: "token"; scopes: readonly Scope[] };

const callers: Caller[] = [
  { name: "anonymous" },
  ...(["admin", "coordinator", "expert", "reviewer", "media"] as const).map((role) => ({
    name: role,
    role,
  })),
  { name: "token", scopes },
];

interface Operation {
  method: string;
  path: string;
  operationId: string;
  access?: AccessSpec;
}

let ctx: TestContext;
let app: App;
let operations: Operation[];
const users = new Map<Role, string>();
let tokenAuth: string;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx.deps);
  const doc = await (await app.request("/api/openapi.json")).json();
  operations = Object.entries(
    doc.paths as Record<string, Record<string, Record<string, unknown>>>,
  ).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      operationId: String(op.operationId),
      access: op["x-chorus-access"] as AccessSpec | undefined,
    })),
  );
  for (const c of callers) {
    if (!("role" in c)) continue;
    const org = await createOrganisation(ctx.sql, {
      kind: c.role === "media" ? "media" : "government",
    });
    users.set(c.role, (await createUser(ctx.sql, { organisationId: org.id, roles: [c.role] })).id);
  }
  const mediaOrg = await createOrganisation(ctx.sql, { kind: "media" });
  tokenAuth = (await createApiToken(ctx.sql, mediaOrg.id, [...scopes])).auth.authorization;
});
afterAll(() => ctx.close());

/** What the declaration says this caller gets: allowed, or refused with 401/403. */
function expected(spec: AccessSpec, caller: Caller): "allowed" | 401 | 403 {
  if ("public" in spec) return "allowed";
  if (caller.name === "anonymous") return 401;
  if ("signedIn" in spec) return "role" in caller ? "allowed" : 403;
  if ("role" in caller) return spec.roles.includes(caller.role) ? "allowed" : 403;
  if (!("scopes" in caller)) return 403;
  return (spec.scopes ?? []).some((s) => caller.scopes.includes(s)) ? "allowed" : 403;
}

/** A fresh session per call, so that an allowed `logout` never spoils the next call. */
async function headersFor(caller: Caller): Promise<Record<string, string>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if ("role" in caller) {
    headers.authorization = `Bearer ${await createSession(ctx.sql, users.get(caller.role)!)}`;
  } else if (caller.name === "token") {
    headers.authorization = tokenAuth;
  }
  return headers;
}

async function call(op: Operation, caller: Caller): Promise<number> {
  const path = op.path.replace(/\{[^}]+\}/g, () => crypto.randomUUID());
  const hasBody = ["POST", "PUT", "PATCH"].includes(op.method);
  const res = await app.request(path, {
    method: op.method,
    headers: await headersFor(caller),
    ...(hasBody ? { body: "{}" } : {}),
  });
  await res.arrayBuffer();
  return res.status;
}

describe("the authorisation matrix", () => {
  it("finds an access declaration on every operation of the OpenAPI document", () => {
    expect(operations.length).toBeGreaterThan(10);
    const undeclared = operations.filter((o) => !o.access).map((o) => `${o.method} ${o.path}`);
    expect(undeclared).toEqual([]);
  });

  it("refuses each caller exactly where the declaration denies, and nowhere else", async () => {
    const mismatches: string[] = [];
    for (const op of operations.filter((o) => o.access)) {
      for (const caller of callers) {
        const want = expected(op.access!, caller);
        const status = await call(op, caller);
        const refused = status === 401 || status === 403;
        const ok = want === "allowed" ? !refused : status === want;
        if (!ok)
          mismatches.push(`${op.operationId} as ${caller.name}: wanted ${want}, got ${status}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 180_000);

  it("never answers an internal error to an empty body and unknown ids", async () => {
    const failures: string[] = [];
    const admin: Caller = { name: "admin", role: "admin" };
    for (const op of operations.filter((o) => o.access)) {
      for (const caller of [admin, { name: "anonymous" } as Caller]) {
        const status = await call(op, caller);
        if (status === 500) failures.push(`${op.operationId} as ${caller.name}`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
