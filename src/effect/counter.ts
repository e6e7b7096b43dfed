import type { Deps } from "../deps.ts";
import { type SearchMissRows, writeSearchMisses } from "../library/db/library.ts";
import { type HourlyRows, writeHourly } from "./db/hourly.ts";

const HOUR = 3_600_000;
/** How often a node writes what it counted (what a crash may lose: ADR 0180). */
export const FLUSH_MS = 5_000;
/** Distinct keys held between flushes; past it new keys are dropped (Postgres long down). */
const MAX_KEYS = 100_000;

type Metric = "views" | "searchHits" | "searchClicks" | "misses";

/**
 * Counts in memory what the public does (views, searches, and the searches without a confident
 * answer that coordinators list) and writes it to Postgres in one transaction every `FLUSH_MS`,
 * so a public request pays a map increment, not a query — and a crowd asking one unanswered
 * question does not queue on one row of `search_misses` (ADR 0315).
 */
export class EffectCounter {
  private counts = new Map<string, number>();
  private misses = new Map<string, Omit<SearchMissRows, "queryNorm">>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Keys refused because the map was full (a figure for the logs). */
  dropped = 0;

  constructor(private readonly deps: Deps) {}

  /** One more of `metric` for a rebuttal (slug or id) or, for misses, a folded query. */
  add(metric: Metric, subject: string, at: Date): void {
    const hour = Math.floor(at.getTime() / HOUR) * HOUR;
    const key = `${metric}\u0000${hour}\u0000${subject}`;
    this.addCount(key, 1);
    this.schedule();
  }

  /** One more public search of `queryNorm` (folded) without a confident answer; `sample` as typed. */
  miss(queryNorm: string, sample: string, at: Date): void {
    this.addMiss(queryNorm, { sample, count: 1, firstAt: at, lastAt: at });
    this.schedule();
  }

  /** Adds `n` to a key's count, within the bound of distinct keys. */
  private addCount(key: string, n: number): void {
    const held = this.counts.get(key);
    if (held !== undefined) this.counts.set(key, held + n);
    else if (this.counts.size < MAX_KEYS) this.counts.set(key, n);
    else this.dropped++;
  }

  /**
   * Adds misses of one query to those held, within the bound of distinct keys: counts add up, the
   * held sample stays (unless the added ones began earlier), the times widen.
   */
  private addMiss(queryNorm: string, m: Omit<SearchMissRows, "queryNorm">): void {
    const held = this.misses.get(queryNorm);
    if (!held) {
      if (this.misses.size < MAX_KEYS) this.misses.set(queryNorm, m);
      else this.dropped++;
      return;
    }
    held.count += m.count;
    if (m.firstAt < held.firstAt) [held.firstAt, held.sample] = [m.firstAt, m.sample];
    if (m.lastAt > held.lastAt) held.lastAt = m.lastAt;
  }

  private schedule(): void {
    if (!this.timer) {
      this.timer = setInterval(() => {
        if (!this.flushing) void this.flush();
      }, FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes everything counted before the call; on failure keeps it for the next try. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.flushing = this.write().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  /** Stops the timer and writes the rest (at shutdown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.counts.size === 0 && this.misses.size === 0) return;
    const [taken, missed] = [this.counts, this.misses];
    [this.counts, this.misses] = [new Map(), new Map()];
    try {
      await this.deps.sql.begin(async (tx) => {
        if (taken.size > 0) await writeHourly(tx, rowsOf(taken));
        await writeSearchMisses(
          tx,
          [...missed].map(([queryNorm, m]) => ({ queryNorm, ...m })),
        );
      });
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, "effect counters not written; retrying");
      // Kept for the next try; what was counted meanwhile goes on top, within the bound of keys.
      const [countedSince, missedSince] = [this.counts, this.misses];
      [this.counts, this.misses] = [taken, missed];
      for (const [k, n] of countedSince) this.addCount(k, n);
      for (const [q, m] of missedSince) this.addMiss(q, m);
    }
  }
}

function rowsOf(counts: Map<string, number>): HourlyRows {
  const rows: HourlyRows = { rebuttals: [], misses: [] };
  for (const [key, n] of counts) {
    const a = key.indexOf("\u0000");
    const b = key.indexOf("\u0000", a + 1);
    const metric = key.slice(0, a) as Metric;
    const at = new Date(Number(key.slice(a + 1, b)));
    const subject = key.slice(b + 1);
    if (metric === "misses") rows.misses.push({ queryNorm: subject, hour: at, count: n });
    else rows.rebuttals.push({ key: subject, hour: at, metric, count: n });
  }
  return rows;
}

// One counter per Deps (per process, or per test file's database), like the rate limits.
const counters = new WeakMap<Deps, EffectCounter>();

/** The counter of these Deps, made on first use. */
export function effectCounter(deps: Deps): EffectCounter {
  let counter = counters.get(deps);
  if (!counter) {
    counter = new EffectCounter(deps);
    counters.set(deps, counter);
  }
  return counter;
}

/** Writes what these Deps counted so far (tests, shutdown). */
export const flushEffects = (deps: Deps) => counters.get(deps)?.flush() ?? Promise.resolve();

/** Stops counting for these Deps after a last write (at shutdown, before the pool closes). */
export async function closeEffects(deps: Deps): Promise<void> {
  const counter = counters.get(deps);
  counters.delete(deps);
  await counter?.close();
}
