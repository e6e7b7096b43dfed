import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { createTestContext, type TestContext } from "../support/context.ts";
import { signedInUser } from "../support/factories.ts";
import { encodeHostile, hostileText } from "../support/hostile.ts";

let ctx: TestContext;
let app: App;
const operations: Operation[] = [];
let callers: (Record<string, string> | undefined)[] = [];
let sent = 0;

interface Operation {
  method: string;
  path: string;
  operationId: string;
  params: { name: string; in: string }[];
  hasBody: boolean;
}

beforeAll(async () => {
  ctx = await createTestContext({ TRUST_PROXY: "true" });
  app = createApp(ctx.deps);
  const doc = await (await app.request("/api/openapi.json")).json();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, never>>)) {
    for (const [method, op] of Object.entries(item)) {
      const o = op as { operationId: string; parameters?: never[]; requestBody?: unknown };
      // Readiness answers 503 by design while a dependency is down (here no worker runs).
      if (o.operationId === "readiness") continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: o.operationId,
        params: o.parameters ?? [],
        hasBody: o.requestBody !== undefined,
      });
    }
  }
  const admin = await signedInUser(ctx.sql, ["admin", "coordinator"]);
  callers = [undefined, admin.auth];
});
afterAll(() => ctx.close());

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileText, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** A body: malformed JSON, a wrong type, or an object whose fields are hostile. */
const hostileBody = fc.oneof(
  fc.constantFrom("{", "[1,", '{"a":', "null", "\u0000", '"\\ud800"', "{}"),
  hostileValue.map((v) => JSON.stringify(v) ?? "null"),
  fc
    .dictionary(
      fc.constantFrom("email", "password", "text", "name", "title", "body", "q", "url", "id"),
      hostileValue,
    )
    .map((o) => JSON.stringify(o)),
);

function request(op: Operation, values: string[], body: string, caller?: Record<string, string>) {
  let path = op.path;
  const query = new URLSearchParams();
  op.params.forEach((p, i) => {
    const v = values[i % Math.max(values.length, 1)] ?? "";
    if (p.in === "path") path = path.replace(`{${p.name}}`, encodeHostile(v));
    if (p.in === "query") query.set(p.name, v);
  });
  path = path.replace(/\{[^}]+\}/g, "x");
  const qs = query.toString();
  const headers: Record<string, string> = {
    // A new address per request, so per-address limits answer 429 rarely and the input decides.
    "x-forwarded-for": `198.18.${Math.floor(++sent / 250) % 250}.${sent % 250}`,
    ...(caller ?? {}),
  };
  if (op.hasBody || op.method !== "GET") headers["content-type"] = "application/json";
  return app.request(`${path}${qs ? `?${qs}` : ""}`, {
    method: op.method,
    headers,
    body: op.method === "GET" || op.method === "HEAD" ? undefined : body,
  });
}

describe("hostile input over every operation in /api/openapi.json", () => {
  it("never answers 5xx, and every API error is problem+json", async () => {
    expect(operations.length).toBeGreaterThan(20);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...operations),
        fc.array(hostileText, { minLength: 1, maxLength: 4 }),
        hostileBody,
        fc.constantFrom(0, 1),
        async (op, values, body, who) => {
          const res = await request(op, values, body, callers[who]);
          const type = res.headers.get("content-type") ?? "";
          const text = await res.text();
          const where = `${op.method} ${op.path} → ${res.status} ${text.slice(0, 200)}`;
          expect(res.status, where).toBeLessThan(500);
          if (res.status >= 400 && op.path.startsWith("/api/")) {
            expect(type, where).toMatch(/^application\/problem\+json/);
          }
        },
      ),
      { numRuns: 300, seed: Number(process.env.FUZZ_SEED ?? 20_201_130) },
    );
  }, 240_000);
});
