import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Deps } from "../deps.ts";

/**
 * socket.io on the same HTTP server as the API. Namespaces (`/media`, `/staff`) are added by
 * the fan-out and console modules.
 */
export function attachRealtime(server: HttpServer, _deps: Deps): Server {
  return new Server(server, {
    path: "/socket.io",
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 20_000,
    connectionStateRecovery: undefined,
  });
}
