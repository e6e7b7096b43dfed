import { execFileSync } from "node:child_process";
import path from "node:path";

/**
 * Compiles dist/ with `npm run build`'s script before the deploy tests start processes from it,
 * so they never run a stale build.
 */
export default function buildDist(): void {
  const root = path.resolve(import.meta.dirname, "../..");
  execFileSync(process.execPath, ["--import", "tsx", "infra/build.ts"], {
    cwd: root,
    stdio: "inherit",
  });
}
