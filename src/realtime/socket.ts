import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Deps } from "../deps.ts";
import { startEventHub } from "./event-hub.ts";
import { mountMedia } from "./media.ts";
import { connectionLimiter } from "./rate-limit.ts";
import { watchRevocations } from "./revocations.ts";
import { mountStaff } from "./staff.ts";

export interface RealtimeOptions {
  /** Connections allowed per client address per window (default 30 per 10 s). */
  connectionsPerWindow?: number;
  windowMs?: number;
}

/**
 * socket.io on the same HTTP server as the API, with `/media` and `/staff`. Events reach it
 * from the database (LISTEN/NOTIFY), so workers may run in this process or any other.
 */
export function attachRealtime(
  server: HttpServer,
  deps: Deps,
  opts: RealtimeOptions = {},
): { io: Server; ready: Promise<void>; close(): Promise<void> } {
  const io = new Server(server, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    connectionStateRecovery: undefined,
    // A browser page of another origin (even another port of this host) must not open a socket
    // with the visitor's session cookie; clients that send no Origin (integrations) may.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, !origin || origin === new URL(deps.config.publicUrl).origin);
    },
  });
  const allow = connectionLimiter(opts.connectionsPerWindow ?? 30, opts.windowMs ?? 10_000);
  const staff = mountStaff(io, deps, allow);
  let media: ((env: Parameters<typeof staff.event>[0]) => void) | undefined;
  const hub = startEventHub(deps, {
    public: (env) => media?.(env),
    staff: (env) => staff.event(env),
    progress: (eventId) => staff.progress(eventId),
  });
  media = mountMedia(io, deps, hub, allow);
  const revocations = watchRevocations(deps, io);
  let closing: Promise<void> | undefined;
  // Awaited by the server's close, so the LISTEN connection is gone before the pool ends.
  const close = () => {
    closing ??= (async () => {
      staff.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await hub.stop();
      await revocations.stop();
    })();
    return closing;
  };
  server.once("close", () => void close());
  // Settles once events and revocations are LISTENed for: a server accepts nobody before.
  const ready = Promise.all([hub.ready, revocations.ready]).then(
    () => {},
    () => {},
  );
  return { io, ready, close };
}
