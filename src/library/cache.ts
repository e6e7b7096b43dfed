interface Entry<T> {
  value: T;
  at: number;
  generation: number;
}

/**
 * A brief cache of public search answers, owned by one search door. Hot rumours are asked
 * thousands of times a minute; an answer lives `ttlMs` at most (so other nodes see a change
 * within it), and `clear()` (called when this door indexes a change) drops every answer at once.
 * A `ttlMs` of 0 turns the cache off.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private generation = 0;

  constructor(
    readonly ttlMs = 1000,
    private readonly maxEntries = 2000,
  ) {}

  get(key: string, now = Date.now()): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.generation !== this.generation || now - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  set(key: string, value: T, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    // Replacing a key moves it to the back of the insertion order and frees its own place:
    // only a new key, when the cache is full, evicts the oldest other answer.
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, at: now, generation: this.generation });
  }

  /** Marks every cached answer stale (after this door indexed or removed a rebuttal). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
