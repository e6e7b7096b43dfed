import postgres from "postgres";
import type { Logger } from "../log.ts";

/** How long to wait between attempts to LISTEN again while Postgres does not answer. */
const RETRY_MS = 1_000;

interface Channel {
  onNotify: (payload: string) => void;
  /** Called after every LISTEN that took, the first included: read what passed meanwhile. */
  onListen?: () => void;
}

/** LISTENs on channels over a connection of its own, LISTENing again after every reconnect. */
export interface Listener {
  /** Resolves once `channel` is LISTENed the first time (retried until Postgres answers or `close`). */
  listen(
    channel: string,
    onNotify: (payload: string) => void,
    onListen?: () => void,
  ): Promise<void>;
  close(): Promise<void>;
}

/**
 * A LISTEN that outlives a Postgres outage. postgres.js's own `sql.listen` re-LISTENs once
 * when its connection closes and gives up if Postgres is still down then, so no notification
 * arrives again (ADR 0170); this one keeps trying every second until the LISTEN takes.
 * @example const l = createListener(deps.sql, deps.log); await l.listen("chorus_events", onEvent);
 */
export function createListener(db: { options: unknown }, log: Logger): Listener {
  const channels = new Map<string, Channel>();
  let closed = false;
  let again: Promise<void> | undefined;
  const sql = postgres({
    ...(db.options as postgres.Options<never>),
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    onclose: () => {
      if (!closed) void listenAgain();
    },
    // Declared by postgres.js for its own listen, not in its types.
    ...({
      onnotify: (channel: string, payload: string) => channels.get(channel)?.onNotify(payload),
    } as object),
  });

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

  async function listenOnce(name: string, channel: Channel): Promise<void> {
    for (let attempt = 0; !closed; attempt++) {
      try {
        await sql`listen ${sql(name)}`;
        channel.onListen?.();
        return;
      } catch (err) {
        if (attempt === 0)
          log.warn({ err: (err as Error).message, channel: name }, "LISTEN failed; retrying");
        await sleep(RETRY_MS);
      }
    }
  }

  function listenAgain(): Promise<void> {
    again ??= (async () => {
      await sleep(100);
      for (const [name, channel] of channels) await listenOnce(name, channel);
    })().finally(() => {
      again = undefined;
    });
    return again;
  }

  return {
    async listen(name, onNotify, onListen) {
      const channel = { onNotify, onListen };
      channels.set(name, channel);
      await listenOnce(name, channel);
    },
    async close() {
      closed = true;
      await sql.end({ timeout: 1 }).catch(() => {});
    },
  };
}
