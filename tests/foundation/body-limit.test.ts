import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

let ctx: TestContext;
let app: App;
const LIMIT = 64 * 1024;

beforeAll(async () => {
  ctx = await createTestContext({ BODY_LIMIT_BYTES: String(LIMIT) });
  app = createApp(ctx.deps);
});
afterAll(() => ctx.close());

const oversizedForm = () => `email=${"a".repeat(LIMIT * 2)}%40x.cn&password=x`;

/** The same oversized body sent as a stream, without a Content-Length to trust. */
function streamed(text: string) {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 16 * 1024)
        controller.enqueue(bytes.slice(i, i + 16 * 1024));
      controller.close();
    },
  });
}

describe("every route limits the request body", () => {
  for (const path of ["/console/sign-in", "/report"]) {
    it(`a form POST to ${path} over the limit is a 413 problem+json, not parsed`, async () => {
      const res = await app.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: oversizedForm(),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ code: "payload_too_large" });
    });
  }

  it("a browser gets the 413 as a page in words, even when the body is streamed", async () => {
    const res = await app.request("/report", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: streamed(oversizedForm()),
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain("请求内容过大");
    expect(page).not.toContain("a".repeat(1000));
  });
});
