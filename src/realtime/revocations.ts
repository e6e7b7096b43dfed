import type { Server } from "socket.io";
import { z } from "zod";
import { createListener } from "../db/listener.ts";
import type { Deps } from "../deps.ts";

/** The credential a socket connected with, kept in `socket.data.credential`. */
export interface SocketCredential {
  sessionId?: string;
  tokenId?: string;
  userId?: string;
}

const revocation = z.object({
  kind: z.enum(["session", "api_token", "user"]),
  id: z.string(),
});
type Revocation = z.infer<typeof revocation>;

function usedBy(c: SocketCredential | undefined, r: Revocation): boolean {
  if (!c) return false;
  if (r.kind === "session") return c.sessionId === r.id;
  if (r.kind === "api_token") return c.tokenId === r.id;
  return c.userId === r.id;
}

/**
 * LISTENs for revoked sessions and API tokens and deactivated people (migration 0096, from any
 * process or node) and disconnects the `/media` and `/staff` sockets that used them, after
 * telling them why with a `revoked` message.
 */
export function watchRevocations(deps: Deps, io: Server) {
  const onRevoked = (payload: string) => {
    let parsed: ReturnType<typeof revocation.safeParse>;
    try {
      parsed = revocation.safeParse(JSON.parse(payload));
    } catch {
      return;
    }
    if (!parsed.success) return;
    for (const name of ["/media", "/staff"]) {
      for (const socket of io.of(name).sockets.values()) {
        if (!usedBy((socket.data as { credential?: SocketCredential }).credential, parsed.data)) {
          continue;
        }
        socket.emit("revoked", { code: "unauthenticated", detail: "登录或令牌已失效，连接已断开" });
        socket.disconnect(true);
      }
    }
  };
  const listener = createListener(deps.sql, deps.log);
  const listening = listener.listen("chorus_revocations", onRevoked);
  listening.catch((err) =>
    deps.log.error({ err: (err as Error).message }, "realtime: cannot LISTEN for revocations"),
  );
  return {
    ready: listening,
    async stop() {
      await listener.close();
    },
  };
}
