import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Server as SocketServer } from "socket.io";
import type { Deps } from "./deps.ts";
import { createApp } from "./http/app.ts";
import { createMetrics } from "./http/metrics.ts";
import { attachRealtime } from "./realtime/socket.ts";

/**
 * Slow clients (slowloris) must not hold sockets: headers within 10 s, the whole request within
 * 30 s, checked every second (Node checks every 30 s by default).
 */
export const SERVER_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  connectionsCheckingInterval: 1_000,
};

export interface RunningServer {
  url: string;
  port: number;
  io: SocketServer;
  close(): Promise<void>;
}

/**
 * Serves the Hono app and socket.io on one HTTP server.
 * @example const server = await startServer(deps, { port: 3000, host: "0.0.0.0" });
 */
export async function startServer(
  deps: Deps,
  opts: { port: number; host: string; processMetrics?: boolean },
): Promise<RunningServer> {
  const app = createApp(deps, {
    metrics: createMetrics({ processMetrics: opts.processMetrics ?? false }),
  });
  // overrideGlobalObjects swaps the global Request/Response for lighter ones (about a third more
  // requests per second). It would break `instanceof Response` on fetch() results; neither the
  // Meilisearch client nor our code checks that, and webhooks go out through node:http. The
  // integration and browser tests exercise both in this process (ADR 0003).
  const server = createAdaptorServer({
    fetch: app.fetch,
    overrideGlobalObjects: true,
    serverOptions: SERVER_TIMEOUTS,
  }) as HttpServer;
  const realtime = attachRealtime(server, deps);
  const io = realtime.io;
  // No socket (nor request) is taken before events and revocations are listened for: one
  // committed in between would never reach it.
  await realtime.ready;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") {
        reject(
          new Error(
            `port ${opts.port} on ${opts.host} is already in use: stop what uses it or set PORT to another port`,
          ),
        );
      } else reject(err);
    });
    server.listen(opts.port, opts.host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host === "0.0.0.0" ? "localhost" : opts.host}:${port}`,
    port,
    io,
    close: async () => {
      await realtime.close();
      server.closeAllConnections?.();
    },
  };
}
