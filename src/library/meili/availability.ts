const CHECK_EVERY_MS = 5000;

/**
 * Whether Meilisearch answered its health check lately (checked at most every 5 s), so that a
 * search neither waits on a dead server nor calls it when it is known to be down. One per
 * search door: its state lives with the door, not in the module.
 */
export class Availability {
  private known: { at: number; up: Promise<boolean> } | undefined;

  constructor(private readonly check: () => Promise<boolean>) {}

  up(now = Date.now()): Promise<boolean> {
    if (this.known && now - this.known.at < CHECK_EVERY_MS) return this.known.up;
    const up = this.check().catch(() => false);
    this.known = { at: now, up };
    return up;
  }

  /** Records a failed Meilisearch call: searches degrade until the next health check. */
  markDown(now = Date.now()): void {
    this.known = { at: now, up: Promise.resolve(false) };
  }
}
