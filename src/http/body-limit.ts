import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";
import { problemResponse } from "./problems.ts";
import { isUpload, uploadLimits } from "./uploads.ts";

const tooLarge = (c: Context<AppEnv>, maxSize: number): Response =>
  problemResponse(c, new AppError("payload_too_large", `请求体不能超过 ${maxSize} 字节`));

const limit = (maxSize: number) => ({
  maxSize,
  // A chunked body is refused part-read, and its socket is paused behind a web stream nothing
  // reads: a next request on that connection would fail with a reset when node-server gives up
  // draining it (500 ms). So this answer closes the connection (Node closes it once the 413 is
  // written; a client still sending may then see a reset instead of the 413: nginx never sends
  // chunked bodies). A body refused by its declared length is never read: node-server drains it
  // (for up to 500 ms, as every unread body) and the connection stays open for the next request.
  counted: bodyLimit({
    maxSize,
    onError: (c) => {
      const res = tooLarge(c, maxSize);
      res.headers.set("connection", "close");
      return res;
    },
  }),
});

/**
 * Every request body has a limit: `maxSize` bytes, or an upload path's own for a multipart body
 * sent to it (`uploadLimits`). A GET or HEAD has no body to limit (node-server gives it none). A
 * body of declared length (not chunked: what nginx forwards) is judged by its header, as
 * `bodyLimit` judges it, but without first asking for the body's stream, which builds a whole
 * undici Request and web stream per request (ADR 0325): node-server then reads the body straight
 * from the socket when it is read. A chunked body is counted as it streams in, by `bodyLimit`.
 * @example app.use(limitBodies(deps.config.bodyLimitBytes));
 */
export function limitBodies(maxSize: number): MiddlewareHandler<AppEnv> {
  const json = limit(maxSize);
  const files = new Map([...uploadLimits].map(([path, max]) => [path, limit(max)]));
  return (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const upload = isUpload(c.req.path, c.req.header("content-type"));
    const { maxSize, counted } = (upload && files.get(c.req.path)) || json;
    const length = c.req.header("content-length");
    if (length === undefined || c.req.header("transfer-encoding") !== undefined)
      return counted(c, next);
    if (Number.parseInt(length, 10) > maxSize) return Promise.resolve(tooLarge(c, maxSize));
    return next();
  };
}
