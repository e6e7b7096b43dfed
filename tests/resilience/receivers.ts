import http from "node:http";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { io as connectClient, type Socket } from "socket.io-client";
import { Webhook } from "standardwebhooks";
import type { EventEnvelope } from "../../src/events/envelope.ts";
import { onCleanUp } from "./services.ts";

/** What a receiver does with one request: answer it, or hold it open and never answer. */
export type Answer =
  | { status: number; headers?: Record<string, string>; afterMs?: number }
  | "hang";

export interface WebhookRequest {
  at: Date;
  /** The Standard Webhooks `webhook-id` header. */
  webhookId: string;
  /** The envelope's own `id` (the event's id). */
  eventId: string;
  verified: boolean;
  answer: number | "hang";
}

/**
 * A real webhook receiver (node:http) that verifies each request with `standardwebhooks` and
 * answers as `answer` says for the n-th request (from 0), recording every request.
 * @example const r = await webhookReceiver(secret, (n) => (n < 3 ? { status: 500 } : { status: 204 }));
 */
export async function webhookReceiver(secret: string, answer: (n: number) => Answer) {
  const wh = new Webhook(secret);
  const requests: WebhookRequest[] = [];
  const held: http.ServerResponse[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      let verified = true;
      try {
        wh.verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      const a = answer(requests.length);
      requests.push({
        at: new Date(),
        webhookId: String(req.headers["webhook-id"]),
        eventId: String((JSON.parse(body) as EventEnvelope).id),
        verified,
        answer: a === "hang" ? "hang" : a.status,
      });
      if (a === "hang") held.push(res);
      else setTimeout(() => res.writeHead(a.status, a.headers).end(), a.afterMs ?? 0);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/chorus`;
  onCleanUp(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url,
    requests,
    /** Event ids answered with a 2xx, each once. */
    delivered: () =>
      [
        ...new Set(
          requests
            .filter((r) => typeof r.answer === "number" && r.answer < 300)
            .map((r) => r.eventId),
        ),
      ].sort(),
  };
}

export interface Mail {
  to: string[];
  eventId: string | undefined;
}

/**
 * A real SMTP server (smtp-server) on a fixed port that can be stopped — connections refused —
 * and started again on the same port.
 */
export async function smtpServer() {
  const inbox: Mail[] = [];
  let server: SMTPServer | undefined;
  let port = 0;
  const start = async () => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      // Open (pooled) client connections are told 421 and closed at once when it stops.
      closeTimeout: 100,
      onData(stream, session, callback) {
        let raw = "";
        stream.on("data", (c: Buffer) => {
          raw += c.toString("utf8");
        });
        stream.on("end", () => {
          const id = /^X-Chorus-Event-Id:\s*(\S+)/im.exec(raw)?.[1];
          inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), eventId: id });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => s.listen(port, "127.0.0.1", resolve));
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await start();
  onCleanUp(stop);
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    start,
    stop,
    /** Event ids mailed to `address`, each once. */
    deliveredTo: (address: string) =>
      [
        ...new Set(inbox.filter((m) => m.to.includes(address)).map((m) => String(m.eventId))),
      ].sort(),
  };
}

/**
 * A media socket.io client on `/media` with an API token, collecting the events it is sent.
 * @example const client = await mediaSocket(stack.api.url, stack.mediaToken);
 */
export async function mediaSocket(base: string, token: string) {
  const events: EventEnvelope[] = [];
  const socket: Socket = connectClient(`${base}/media`, {
    // A reconnecting client replays what it missed from its last seq.
    auth: (cb) => cb({ token, ...(events.length ? { lastSeq: events.at(-1)?.seq } : {}) }),
    transports: ["websocket"],
    forceNew: true,
  });
  onCleanUp(async () => {
    socket.close();
  });
  socket.on("event", (e: EventEnvelope) => events.push(e));
  let revoked = false;
  socket.on("revoked", () => {
    revoked = true;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("ready", () => resolve());
    socket.once("connect_error", reject);
  });
  return {
    events,
    /** Event ids received, each once. */
    received: () => [...new Set(events.map((e) => e.id))].sort(),
    has: (eventId: string) => events.some((e) => e.id === eventId),
    /** Whether the server dropped this socket because its token was revoked. */
    revoked: () => revoked,
    connected: () => socket.connected,
  };
}
