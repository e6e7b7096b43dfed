import type { IntakeMatches } from "./cases/intake-matches.ts";
import type { RepeatHints } from "./cases/repeat-hints.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";
import type { Mailer } from "./fanout/mailer.ts";
import type { Search } from "./library/search.ts";
import type { Logger } from "./log.ts";

/** Everything a request handler or a job needs, built once per process and passed in. */
export interface Deps {
  config: Config;
  sql: Db;
  /** The connection string of `sql`, for the job queue's own pool. */
  databaseUrl: string;
  /** The one door to library search, matching and indexing (src/library/search.ts). */
  search: Search;
  mailer: Mailer;
  log: Logger;
  /** The clock; tests pass their own to control deadlines and schedules. */
  now: () => Date;
  /** Intake's brief cache of library matches per folded text (ADR 0230); absent: off. */
  intakeMatches?: IntakeMatches;
  /** Intake's hints of the case each folded text last joined (ADR 0270); absent: off. */
  intakeRepeats?: RepeatHints;
  /** Set by main once the in-process workers run; absent when workers run elsewhere. */
  workers?: { running(): boolean };
}
