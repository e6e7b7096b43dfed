import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";
import { problemResponse } from "./problems.ts";
import { MULTIPART_TYPE, uploadLimits } from "./uploads.ts";

/**
 * The 413 for a body over `maxSize`. The rest of a refused body is never read, so the connection
 * closes after the answer: the client's next request on it would otherwise wait behind the
 * unread bytes until the server's request timeout.
 */
function tooLarge(c: Context<AppEnv>, maxSize: number): Response {
  const res = problemResponse(
    c,
    new AppError("payload_too_large", `请求体不能超过 ${maxSize} 字节`),
  );
  res.headers.set("connection", "close");
  return res;
}

const limit = (maxSize: number) => ({
  maxSize,
  counted: bodyLimit({ maxSize, onError: (c) => tooLarge(c, maxSize) }),
});

/**
 * Every request body has a limit: `maxSize` bytes, or an upload path's own for a multipart body
 * sent to it (`uploadLimits`). A GET or HEAD has no body to limit (node-server gives it none). A
 * body of declared length (not chunked) is judged by its header, as `bodyLimit` judges it, but
 * without first asking for the body's stream, which builds a whole undici Request and web stream
 * per request (ADR 0325): node-server then reads the body straight from the socket when it is
 * read. A chunked body is counted as it streams in, by `bodyLimit`.
 * @example app.use(limitBodies(deps.config.bodyLimitBytes));
 */
export function limitBodies(maxSize: number): MiddlewareHandler<AppEnv> {
  const json = limit(maxSize);
  const files = new Map([...uploadLimits].map(([path, max]) => [path, limit(max)]));
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const multipart = MULTIPART_TYPE.test(c.req.header("content-type") ?? "");
    const { maxSize, counted } = (multipart && files.get(c.req.path)) || json;
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined)
      return counted(c, next);
    if (Number.parseInt(length, 10) > maxSize) return Promise.resolve(tooLarge(c, maxSize));
    return next();
  };
}
