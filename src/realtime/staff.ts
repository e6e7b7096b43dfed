import type { Server, Socket } from "socket.io";
import { findSessionActor } from "../access/db/auth.ts";
import { hashToken, tokenKind } from "../auth/tokens.ts";
import type { Deps } from "../deps.ts";
import { type EventEnvelope, isStaffEnvelope } from "../events/envelope.ts";
import { getDeliveryProgress } from "../fanout/delivery-progress.ts";
import { staffRoles } from "../vocabulary/roles.ts";
import { handshakeToken, rateLimited, refusal } from "./handshake.ts";
import type { connectionLimiter } from "./rate-limit.ts";
import type { SocketCredential } from "./revocations.ts";

/** Roles that watch delivery progress live. */
const PROGRESS_ROOMS = ["role:coordinator", "role:admin"];
const PROGRESS_EVERY_MS = 250;

/**
 * The `/staff` namespace: a signed-in staff member (session token in `auth.token` or the
 * `chorus_session` cookie) joins `user:<id>` and `role:<role>`; staff events go to the rooms in
 * their `data.notify`, delivery progress to coordinators and admins.
 */
export function mountStaff(io: Server, deps: Deps, allow: ReturnType<typeof connectionLimiter>) {
  const nsp = io.of("/staff");
  nsp.use(rateLimited(deps, allow));
  nsp.use((socket, next) => void authenticate(socket, deps).then(() => next(), next));
  nsp.on("connection", (socket) => {
    const { userId, roles } = socket.data as { userId: string; roles: string[] };
    socket.join([`user:${userId}`, ...roles.map((r) => `role:${r}`)]);
    socket.emit("ready", { userId });
  });
  const pending = new Map<string, NodeJS.Timeout>();
  return {
    event(env: EventEnvelope) {
      if (!isStaffEnvelope(env)) return;
      const { notify } = env.data;
      const rooms = [
        ...notify.userIds.map((id) => `user:${id}`),
        ...notify.roles.map((r) => `role:${r}`),
      ];
      if (rooms.length) nsp.to(rooms).emit("event", env);
    },
    progress(eventId: string) {
      // Many deliveries settle at once: push at most one update per event per interval.
      if (pending.has(eventId)) return;
      pending.set(
        eventId,
        setTimeout(() => {
          pending.delete(eventId);
          getDeliveryProgress(deps, eventId).then(
            (p) => nsp.to(PROGRESS_ROOMS).emit("delivery.progress", p),
            (err) => deps.log.warn({ err: (err as Error).message }, "progress push failed"),
          );
        }, PROGRESS_EVERY_MS),
      );
    },
    stop() {
      for (const t of pending.values()) clearTimeout(t);
    },
  };
}

async function authenticate(socket: Socket, deps: Deps): Promise<void> {
  const token = handshakeToken(socket);
  if (!token || tokenKind(token) !== "session") throw refusal("unauthenticated", "请先登录");
  const s = await findSessionActor(deps.sql, hashToken(token));
  if (!s) throw refusal("unauthenticated", "登录已失效，请重新登录");
  if (!s.roles.some((r) => (staffRoles as readonly string[]).includes(r)))
    throw refusal("forbidden", "仅工作人员可连接");
  const credential: SocketCredential = { sessionId: s.sessionId, userId: s.userId };
  socket.data = { userId: s.userId, roles: s.roles, credential };
}
