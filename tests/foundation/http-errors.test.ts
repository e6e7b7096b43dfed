import { createRoute, z } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

let ctx: TestContext;
let app: App;

const echoRoute = createRoute({
  operationId: "testEcho",
  method: "post",
  path: "/api/v1/test-echo",
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: z.object({ name: z.string().min(1), count: z.number() }) },
      },
    },
  },
  responses: { 200: { description: "echo" } },
});

beforeAll(async () => {
  ctx = await createTestContext({ BODY_LIMIT_BYTES: "2048" });
  app = createApp(ctx.deps);
  app.openapi(echoRoute, (c) => c.json(c.req.valid("json"), 200));
});
afterAll(() => ctx.close());

const post = (body: string, type = "application/json") =>
  app.request("/api/v1/test-echo", { method: "POST", body, headers: { "content-type": type } });

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  return (await res.json()) as Record<string, unknown>;
}

describe("every fault answers problem+json with a stable code", () => {
  it("an unknown route is a 404 naming the path", async () => {
    const res = await app.request("/api/v1/nothing-here");
    expect(res.status).toBe(404);
    const body = await problem(res);
    expect(body).toMatchObject({ status: 404, code: "not_found", type: "/problems/not_found" });
    expect(body.requestId).toEqual(res.headers.get("x-request-id"));
  });

  it("a wrong method on a known route is a 405 with the allowed methods", async () => {
    const res = await app.request("/readyz", { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
    expect(await problem(res)).toMatchObject({ code: "method_not_allowed" });
  });

  it("malformed JSON is a 400, not a 500", async () => {
    const res = await post('{"name": "x", ');
    expect(res.status).toBe(400);
    expect(await problem(res)).toMatchObject({ code: "malformed_request" });
  });

  it("an invalid body lists each field's error", async () => {
    const res = await post(JSON.stringify({ name: "", count: "three" }));
    expect(res.status).toBe(400);
    const body = await problem(res);
    expect(body.code).toBe("validation_failed");
    const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(["count", "name"]);
  });

  it("a body over the limit is a 413", async () => {
    const res = await post(JSON.stringify({ name: "x".repeat(5000), count: 1 }));
    expect(res.status).toBe(413);
    expect(await problem(res)).toMatchObject({ code: "payload_too_large" });
  });

  it("a body that is not JSON is a 415", async () => {
    const res = await post("name=x", "application/x-www-form-urlencoded");
    expect(res.status).toBe(415);
    expect(await problem(res)).toMatchObject({ code: "unsupported_media_type" });
  });

  it("a valid body reaches the handler", async () => {
    const res = await post(JSON.stringify({ name: "台风", count: 2 }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "台风", count: 2 });
  });

  it("each problem type has a page that explains it", async () => {
    const res = await app.request("/problems/rate_limited");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("请求过于频繁");
  });
});
