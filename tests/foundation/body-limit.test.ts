import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/http/app.ts";
import type { App } from "../../src/http/env.ts";
import { type RunningServer, startServer } from "../../src/server.ts";
import { createTestContext, type TestContext } from "../support/context.ts";

let ctx: TestContext;
let app: App;
let server: RunningServer;
const LIMIT = 64 * 1024;

beforeAll(async () => {
  ctx = await createTestContext({ BODY_LIMIT_BYTES: String(LIMIT) });
  app = createApp(ctx.deps);
  server = await startServer(ctx.deps, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await server.close();
  await ctx.close();
});

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

/**
 * A POST over a real socket, as node-server receives it: `body` sent whole with its length
 * declared, or in chunks (`Transfer-Encoding: chunked`, no length to trust); on a connection of
 * its own unless `agent` keeps one alive.
 */
function post(
  path: string,
  body: string,
  opts: { chunked?: boolean; agent?: http.Agent; headers?: Record<string, string> } = {},
) {
  return new Promise<{
    status: number;
    type: string;
    connection: string | undefined;
    /** Whether the request went on a connection an earlier request had used (`reusedSocket`). */
    reused: boolean;
    body: string;
  }>((resolve, reject) => {
    const bytes = Buffer.from(body);
    const req = http.request(`${server.url}${path}`, {
      method: "POST",
      agent: opts.agent ?? false,
      headers: {
        "content-type": "application/json",
        ...opts.headers,
        ...(opts.chunked ? {} : { "content-length": String(bytes.length) }),
      },
    });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers["content-type"]),
          connection: res.headers.connection,
          reused: req.reusedSocket,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    // The server may answer and close before the whole body is written: once it has answered,
    // the answer is the result; a reset before any answer fails the request.
    req.on("error", (err: NodeJS.ErrnoException) => {
      if (!answered || (err.code !== "EPIPE" && err.code !== "ECONNRESET")) reject(err);
    });
    if (opts.chunked)
      for (let i = 0; i < bytes.length; i += 4 * 1024) req.write(bytes.subarray(i, i + 4 * 1024));
    else req.write(bytes);
    req.end();
  });
}

describe("a body over a real socket", () => {
  // A few KB over the limit: the refused rest is sent quickly, as behind nginx.
  const oversized = JSON.stringify({
    text: "板蓝根能预防新冠吗".repeat(Math.ceil((LIMIT + 4096) / 27)),
  });

  it("of JSON over the limit with its length declared is a 413 problem+json", async () => {
    const res = await post("/api/v1/reports", oversized);
    expect(res.status).toBe(413);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ code: "payload_too_large" });
  });

  it("of JSON over the limit in chunks is a 413 problem+json that closes the connection", async () => {
    // A kept-alive agent, so that a close comes from the server, not from the client's request.
    const agent = new http.Agent({ keepAlive: true });
    const res = await post("/api/v1/reports", oversized, { chunked: true, agent }).finally(() =>
      agent.destroy(),
    );
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: "payload_too_large" });
    expect(res.connection).toBe("close");
  });

  it("of JSON to the report page is held to the JSON limit, though that page takes larger uploads", async () => {
    const res = await post("/report", JSON.stringify({ text: "熏醋".repeat(LIMIT) }));
    expect(res.status).toBe(413);
  });

  it("of a sign-in form over the limit gets the 413 as a page in words", async () => {
    const res = await post("/console/sign-in", oversizedForm(), {
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    });
    expect(res.status).toBe(413);
    expect(res.type).toMatch(/^text\/html/);
    expect(res.body).toContain("请求内容过大");
  });

  it("of a multipart report over the JSON limit but within the upload limit is read, not refused", async () => {
    const boundary = "chorus-test-boundary";
    const part = (name: string, value: string) =>
      `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    // 128 KB in a field the form does not know: parsed and named in the answer, so it was read.
    const body = `${part("text", "听说熏醋能杀死病毒")}${part("note", "x".repeat(LIMIT * 2))}--${boundary}--\r\n`;
    const res = await post("/api/v1/reports", body, {
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({
      code: "validation_failed",
      errors: expect.arrayContaining([
        expect.objectContaining({ message: expect.stringContaining("note") }),
      ]),
    });
  });

  for (const chunked of [false, true]) {
    it(`refused ${chunked ? "in chunks, has the client send its next request on a fresh connection" : "by its declared length, leaves the connection open for the client's next request"}, which is answered`, async () => {
      // One kept-alive socket at most: the second request goes where the first went, unless the
      // server closed that connection.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        expect((await post("/api/v1/reports", oversized, { chunked, agent })).status).toBe(413);
        const next = await post("/api/v1/reports", JSON.stringify({ text: "熏醋能杀死病毒吗" }), {
          agent,
        });
        expect(next.status).toBe(201);
        expect(next.reused).toBe(!chunked);
      } finally {
        agent.destroy();
      }
    });

    it(`of JSON within the limit ${chunked ? "in chunks" : "with its length declared"} is read whole and the report taken`, async () => {
      const text = `听说熏醋能杀死病毒，家里都在熏${"。".repeat(chunked ? 4_800 : 10)}`;
      const res = await post("/api/v1/reports", JSON.stringify({ text }), { chunked });
      expect(res.status).toBe(201);
      const report = JSON.parse(res.body) as { id: string };
      const [row] = await ctx.sql<
        { text: string }[]
      >`select text from reports where id = ${report.id}`;
      expect(row?.text).toBe(text);
    });
  }
});
