import type { Server } from "socket.io";
import { z } from "zod";
import { revokedCredentials } from "../access/db/auth.ts";
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
  const sockets = () => ["/media", "/staff"].flatMap((name) => [...io.of(name).sockets.values()]);
  const disconnect = (r: Revocation) => {
    for (const socket of sockets()) {
      if (!usedBy((socket.data as { credential?: SocketCredential }).credential, r)) continue;
      socket.emit("revoked", { code: "unauthenticated", detail: "登录或令牌已失效，连接已断开" });
      socket.disconnect(true);
    }
  };
  const onRevoked = (payload: string) => {
    let parsed: ReturnType<typeof revocation.safeParse>;
    try {
      parsed = revocation.safeParse(JSON.parse(payload));
    } catch {
      return;
    }
    if (parsed.success) disconnect(parsed.data);
  };
  // After a LISTEN (again, after an outage) the open sockets' credentials are checked once:
  // a revocation committed while nobody listened is applied too.
  const catchUp = async () => {
    const credentials = sockets().map(
      (s) => (s.data as { credential?: SocketCredential }).credential ?? {},
    );
    if (credentials.length === 0) return;
    const pick = (k: keyof SocketCredential) => [
      ...new Set(credentials.flatMap((c) => (c[k] ? [c[k]] : []))),
    ];
    const revoked = await revokedCredentials(deps.sql, {
      sessionIds: pick("sessionId"),
      tokenIds: pick("tokenId"),
      userIds: pick("userId"),
    });
    for (const r of revoked) disconnect(r);
  };
  const listener = createListener(deps.sql, deps.log);
  const listening = listener.listen("chorus_revocations", onRevoked, () => {
    catchUp().catch((err) =>
      deps.log.warn({ err: (err as Error).message }, "realtime: revocation catch-up failed"),
    );
  });
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
