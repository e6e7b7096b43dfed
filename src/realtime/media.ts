import type { Server, Socket } from "socket.io";
import { findApiToken, findSessionActor } from "../access/db/auth.ts";
import { hashToken, tokenKind } from "../auth/tokens.ts";
import { signEnvelopes } from "../authenticity/envelope-signature.ts";
import type { Deps } from "../deps.ts";
import { publicEventsAfter } from "../events/db.ts";
import type { EventEnvelope } from "../events/envelope.ts";
import { envelopeOf } from "../fanout/envelope.ts";
import { eventFacts, matchesFilters, type SubscriptionFilters } from "../fanout/filters.ts";
import type { EventHub } from "./event-hub.ts";
import { handshakeToken, mediaHandshake, rateLimited, refusal } from "./handshake.ts";
import type { connectionLimiter } from "./rate-limit.ts";
import type { SocketCredential } from "./revocations.ts";
import { eventRooms, socketRooms } from "./rooms.ts";

/** Sockets still replaying from the database: live events wait in their buffer. */
type Replaying = Map<Socket, EventEnvelope[]>;

/**
 * The `/media` namespace: API tokens with `feed:read`; clients join rooms by their filters and
 * receive `event` envelopes in seq order. With `lastSeq` a client first gets what it missed,
 * from the database, then live events — no gap, no duplicate (ADR 0050).
 */
export function mountMedia(
  io: Server,
  deps: Deps,
  hub: EventHub,
  allow: ReturnType<typeof connectionLimiter>,
) {
  const nsp = io.of("/media");
  const replaying: Replaying = new Map();
  nsp.use(rateLimited(deps, allow));
  nsp.use((socket, next) => void authenticate(socket, deps).then(() => next(), next));
  nsp.on("connection", (socket) => {
    socket.on("disconnect", () => replaying.delete(socket));
    void connect(socket, deps, hub, replaying).catch((err) => {
      deps.log.warn({ err: (err as Error).message }, "media socket replay failed");
      socket.disconnect(true);
    });
  });
  return (env: EventEnvelope) => {
    for (const buffer of replaying.values()) buffer.push(env);
    nsp.to(eventRooms(eventFacts(env.type, env.data))).emit("event", env);
  };
}

async function authenticate(socket: Socket, deps: Deps): Promise<void> {
  const token = handshakeToken(socket);
  const { organisationId, credential } =
    token && tokenKind(token) === "session"
      ? await portalUserOrganisation(deps, token)
      : await feedTokenOrganisation(deps, token);
  const parsed = mediaHandshake.safeParse({ ...socket.handshake.query, ...socket.handshake.auth });
  if (!parsed.success)
    throw refusal("validation_failed", "订阅条件无效：categories、regions、lastSeq");
  socket.data = { organisationId, credential, ...parsed.data };
}

/** Whom a socket speaks for, and the credential that revokes it. */
interface Caller {
  organisationId: string;
  credential: SocketCredential;
}

/** Integrations connect with an API token holding `feed:read`. */
async function feedTokenOrganisation(deps: Deps, token: string | undefined): Promise<Caller> {
  if (!token || tokenKind(token) !== "api")
    throw refusal("unauthenticated", "请在 auth.token 中提供 API 令牌");
  const row = await findApiToken(deps.sql, hashToken(token));
  if (!row) throw refusal("unauthenticated", "令牌无效或已被撤销");
  if (!row.scopes.includes("feed:read")) throw refusal("forbidden", "令牌缺少 feed:read 权限");
  return { organisationId: row.organisationId, credential: { tokenId: row.id } };
}

/** The media portal page connects with its signed-in session (media staff and admins). */
async function portalUserOrganisation(deps: Deps, token: string): Promise<Caller> {
  const s = await findSessionActor(deps.sql, hashToken(token));
  if (!s) throw refusal("unauthenticated", "登录已失效，请重新登录");
  if (!s.roles.includes("media") && !s.roles.includes("admin"))
    throw refusal("forbidden", "只有媒体和管理员可以接收实时发布");
  return {
    organisationId: s.organisationId,
    credential: { sessionId: s.sessionId, userId: s.userId },
  };
}

async function connect(socket: Socket, deps: Deps, hub: EventHub, replaying: Replaying) {
  await hub.ready;
  const { categories, regions, lastSeq } = socket.data as {
    categories: string[];
    regions: string[];
    lastSeq?: number;
  };
  const rooms = socketRooms({ categories, regions }, hub.regions());
  if (lastSeq === undefined) {
    socket.join(rooms);
    socket.emit("ready", { lastSeq: hub.cursor(), replayed: 0 });
    return;
  }
  const filters: SubscriptionFilters = { categories, regions, eventTypes: [] };
  const matches = (e: EventEnvelope) =>
    matchesFilters(filters, eventFacts(e.type, e.data), hub.regions());
  replaying.set(socket, []);
  const upTo = hub.cursor();
  let sent = lastSeq;
  let replayed = 0;
  while (sent < upTo && socket.connected) {
    const rows = await publicEventsAfter(deps.sql, sent, 500);
    if (rows.length === 0) break;
    const due = rows.filter((r) => r.seq <= upTo).map(envelopeOf);
    for (const env of await signEnvelopes(deps, due)) {
      if (matches(env)) {
        socket.emit("event", env);
        replayed += 1;
      }
      sent = env.seq!;
    }
    if (rows.length < 500) break;
  }
  // From here on, synchronously: flush what arrived live during the replay, then join the rooms.
  for (const env of replaying.get(socket) ?? []) {
    if ((env.seq ?? 0) > sent && matches(env)) {
      socket.emit("event", env);
      sent = env.seq!;
      replayed += 1;
    }
  }
  replaying.delete(socket);
  if (!socket.connected) return;
  socket.join(rooms);
  socket.emit("ready", { lastSeq: Math.max(sent, hub.cursor()), replayed });
}
