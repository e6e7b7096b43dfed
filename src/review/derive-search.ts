import type { Sql } from "../db/client.ts";
import type { Deps } from "../deps.ts";
import { deriveRebuttalSearch } from "../library/derive.ts";

/**
 * Writes the library's Postgres search rows inside a savepoint of the publishing transaction.
 * They are a derived cache that the index job rebuilds anyway, so a failure here is logged and
 * left to that job: it never stops a publication or a retraction.
 */
export async function deriveSearchSafely(tx: Sql, deps: Deps, rebuttalId: string): Promise<void> {
  try {
    if ("savepoint" in tx) await tx.savepoint((sp) => deriveRebuttalSearch(sp, rebuttalId));
    else await deriveRebuttalSearch(tx, rebuttalId);
  } catch (err) {
    deps.log.warn({ err, rebuttalId }, "search derivation failed; the index job will redo it");
  }
}
