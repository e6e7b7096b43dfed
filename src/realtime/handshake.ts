import type { Socket } from "socket.io";
import { z } from "zod";
import type { Deps } from "../deps.ts";
import type { connectionLimiter } from "./rate-limit.ts";

/** An error a socket.io client receives as `connect_error` with `data: { code, detail }`. */
export function refusal(code: string, detail: string): Error {
  return Object.assign(new Error(code), { data: { code, detail } });
}

const list = z
  .union([z.array(z.string()), z.string().transform((s) => (s ? s.split(",") : []))])
  .optional()
  .transform((v) => v ?? []);

/** What a `/media` client says in `auth` (or the query string): its filters and last seq. */
export const mediaHandshake = z.object({
  categories: list.pipe(z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).max(50)),
  regions: list.pipe(z.array(z.string().regex(/^\d{6}$/)).max(50)),
  lastSeq: z.coerce.number().int().min(0).optional(),
});

/** Token from `auth.token`, else the `chorus_session` cookie (staff browsers). */
export function handshakeToken(socket: Socket): string | undefined {
  const auth = socket.handshake.auth as { token?: unknown };
  if (typeof auth?.token === "string") return auth.token;
  const cookie = socket.handshake.headers.cookie ?? "";
  const m = /(?:^|;\s*)chorus_session=([^;]+)/.exec(cookie);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

/** The client's address for the connection rate limit (behind a trusted proxy, the forwarded one). */
export function clientAddress(socket: Socket, deps: Deps): string {
  const fwd = socket.handshake.headers["x-forwarded-for"];
  if (deps.config.trustProxy && typeof fwd === "string") return fwd.split(",")[0]!.trim();
  return socket.handshake.address;
}

/** socket.io middleware refusing clients that connect too often from one address. */
export function rateLimited(deps: Deps, allow: ReturnType<typeof connectionLimiter>) {
  return (socket: Socket, next: (err?: Error) => void) => {
    if (allow(clientAddress(socket, deps))) return next();
    next(refusal("rate_limited", "连接过于频繁，请稍后再试"));
  };
}
