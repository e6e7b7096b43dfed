import { verifyAuditChain } from "../audit/verify.ts";
import { loadConfig } from "../config.ts";
import { createLogger } from "../log.ts";
import { openDeps } from "../runtime.ts";

/** `npm run audit:verify`: checks the whole audit chain; exit 1 naming the first broken entry. */
const config = loadConfig(process.env);
const opened = await openDeps(config, createLogger({ level: "warn" }));
try {
  const verdict = await verifyAuditChain(opened.deps.sql);
  if (verdict.ok) {
    process.stdout.write(
      `audit chain intact: ${verdict.checked} entries, last #${verdict.lastId ?? "-"} ${verdict.lastHash}\n`,
    );
  } else {
    const { id, reason, detail } = verdict.broken;
    process.stderr.write(
      `audit chain BROKEN at entry #${id} (${reason}): ${detail}; ${verdict.checked} entries before it verified\n`,
    );
    process.exitCode = 1;
  }
} finally {
  await opened.close();
}
