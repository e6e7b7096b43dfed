/**
 * A brief cache of public search answers. Hot rumours are asked thousands of times a minute;
 * an answer lives `ttlMs` at most, and any change to the library (the index task bumps the
 * generation) makes every cached answer of this process stale at once. Other nodes see the
 * change within `ttlMs`.
 */
let generation = 0;

/** Marks every cached answer stale (called after a rebuttal is indexed or removed). */
export function bumpLibraryGeneration(): void {
  generation++;
}

interface Entry<T> {
  value: T;
  at: number;
  generation: number;
}

/** A bounded map of answers by key, dropping entries past their time or generation. */
export class AnswerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 2000,
  ) {}

  get(key: string, now = Date.now()): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.generation !== generation || now - e.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  set(key: string, value: T, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, at: now, generation });
  }
}
