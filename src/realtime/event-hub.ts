import { signEnvelope, signEnvelopes } from "../authenticity/envelope-signature.ts";
import { createListener } from "../db/listener.ts";
import type { Deps } from "../deps.ts";
import { findEvent, publicEventsAfter } from "../events/db.ts";
import type { EventEnvelope } from "../events/envelope.ts";
import { maxPublicSeq, regionParents } from "../fanout/db/fanout.ts";
import { envelopeOf } from "../fanout/envelope.ts";
import type { RegionTree } from "../fanout/filters.ts";

export interface HubHandlers {
  /** Public events, exactly once each and in seq order. */
  public(env: EventEnvelope): void;
  staff(env: EventEnvelope): void;
  progress(eventId: string): void;
}

export interface EventHub {
  /** The highest public seq handed to `public` so far (replays read up to here). */
  cursor(): number;
  regions(): RegionTree;
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** A NOTIFY payload: the whole event when it fitted, else its id (migration 0051). */
interface Notified {
  id: string;
  seq: number | null;
  type: string;
  occurredAt?: string;
  data?: Record<string, unknown>;
}

function eventOfWith(deps: Deps) {
  return async (n: Notified) =>
    n.data && n.occurredAt
      ? { id: n.id, seq: n.seq, type: n.type, occurredAt: new Date(n.occurredAt), data: n.data }
      : findEvent(deps.sql, n.id);
}

/** How often the hub reads public events it was not notified of (a lost LISTEN after an outage). */
const CATCH_UP_MS = 2_000;

/**
 * LISTENs to the events table's NOTIFY (any process that commits an event) and hands events
 * to the socket namespaces one at a time, public ones in seq order without gaps (each with its
 * Ed25519 `signature`): a skipped seq (a lost notification, a reconnect) is read back first.
 */
export function startEventHub(deps: Deps, on: HubHandlers): EventHub {
  let cursor = 0;
  let tree: RegionTree = new Map();
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;
  const eventOf = eventOfWith(deps);
  const serial = (fn: () => Promise<void>) => {
    chain = chain.then(fn).catch((err) => {
      deps.log.error({ err: (err as Error).message }, "realtime: event hand-off failed");
    });
  };
  const catchUp = async (untilSeq = Number.POSITIVE_INFINITY) => {
    while (cursor < untilSeq) {
      const rows = await publicEventsAfter(deps.sql, cursor, 500);
      const wanted = rows.filter((r) => r.seq <= untilSeq);
      for (const env of await signEnvelopes(deps, wanted.map(envelopeOf))) {
        cursor = env.seq!;
        on.public(env);
      }
      if (rows.length < 500 || wanted.length < rows.length) return;
    }
  };
  const onEvent = (payload: string) => {
    const n = JSON.parse(payload) as Notified;
    serial(async () => {
      if (n.seq === null) {
        const row = await eventOf(n);
        if (row) on.staff(envelopeOf(row));
        return;
      }
      if (n.seq <= cursor) return;
      if (n.seq > cursor + 1) await catchUp(n.seq - 1);
      const row = await eventOf(n);
      if (!row || n.seq <= cursor) return;
      const env = await signEnvelope(deps, envelopeOf(row));
      cursor = n.seq;
      on.public(env);
    });
  };
  // A notification sent while the LISTEN connection was away is lost; the re-LISTEN reads
  // what passed, and so does this sweep every few seconds, whatever became of the connection.
  let started = false;
  const sweep = setInterval(() => {
    if (started && !stopped) serial(() => catchUp());
  }, CATCH_UP_MS);
  sweep.unref();
  const listener = createListener(deps.sql, deps.log);
  let first = true;
  const listeners = Promise.all([
    listener.listen("chorus_events", onEvent, () => {
      // Called again after the LISTEN connection reconnects: read what passed meanwhile.
      if (!first) serial(() => catchUp());
      first = false;
    }),
    listener.listen("chorus_progress", (eventId) => on.progress(eventId)),
  ]);
  const ready = (async () => {
    await listeners;
    const [max, parents] = await Promise.all([maxPublicSeq(deps.sql), regionParents(deps.sql)]);
    tree = parents;
    if (cursor === 0) cursor = max;
    started = true;
  })();
  ready.catch((err) => deps.log.error({ err: (err as Error).message }, "realtime: cannot LISTEN"));
  chain = ready.catch(() => {});
  return {
    cursor: () => cursor,
    regions: () => tree,
    ready,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(sweep);
      await listener.close();
    },
  };
}
