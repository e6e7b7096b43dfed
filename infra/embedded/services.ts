import fs from "node:fs";
import path from "node:path";
import { startEmbeddedMeilisearch } from "./meilisearch.ts";
import { ensureDatabase, startEmbeddedPostgres } from "./postgres.ts";
import { pidAlive, portAnswers, readJson } from "./process.ts";

interface Record {
  url: string;
  pid: number;
  port: number;
  key?: string;
}
interface ServicesFile {
  postgres?: Record;
  meilisearch?: Record;
}

export interface ResolvedServices {
  databaseUrl: string;
  meiliUrl?: string;
  meiliKey?: string;
  /** What was started by this process (and is stopped by `stop`), for the start-up banner. */
  started: string[];
  stop(): Promise<void>;
}

interface Wanted {
  dataDir: string;
  databaseUrl?: string;
  meiliUrl?: string;
  meiliKey?: string;
  warn(message: string): void;
}

async function alive(record: Record | undefined): Promise<Record | undefined> {
  if (!record || !pidAlive(record.pid)) return undefined;
  return (await portAnswers(record.port)) ? record : undefined;
}

/**
 * Resolves the Postgres and Meilisearch this process uses: the configured URLs when given,
 * otherwise the embedded services another Chorus process already runs (recorded in
 * `DATA_DIR/services.json`), otherwise fresh embedded ones that this process owns and stops.
 * @example const services = await ensureServices({ dataDir: ".data", warn: console.warn });
 */
export async function ensureServices(wanted: Wanted): Promise<ResolvedServices> {
  fs.mkdirSync(wanted.dataDir, { recursive: true });
  const file = path.join(wanted.dataDir, "services.json");
  const recorded = readJson<ServicesFile>(file) ?? {};
  const stops: (() => Promise<void>)[] = [];
  const started: string[] = [];
  const save = (update: ServicesFile) => {
    Object.assign(recorded, update);
    fs.writeFileSync(file, JSON.stringify(recorded, null, 2), { mode: 0o600 });
  };

  let databaseUrl = wanted.databaseUrl;
  if (!databaseUrl) {
    let pg = await alive(recorded.postgres);
    if (!pg) {
      const running = await startEmbeddedPostgres({ dir: path.join(wanted.dataDir, "postgres") });
      pg = { url: running.url, pid: running.pid, port: running.port };
      save({ postgres: pg });
      started.push(`Postgres on 127.0.0.1:${running.port}`);
      stops.push(async () => {
        await running.stop();
        save({ postgres: undefined });
      });
    }
    databaseUrl = await ensureDatabase(pg.url, "chorus");
  }

  let meiliUrl = wanted.meiliUrl;
  let meiliKey = wanted.meiliKey;
  if (!meiliUrl) {
    let meili = await alive(recorded.meilisearch);
    if (!meili) {
      try {
        const running = await startEmbeddedMeilisearch({
          dir: path.join(wanted.dataDir, "meilisearch"),
        });
        meili = { url: running.url, pid: running.pid, port: running.port, key: running.key };
        save({ meilisearch: meili });
        started.push(`Meilisearch on 127.0.0.1:${running.port}`);
        stops.push(async () => {
          await running.stop();
          save({ meilisearch: undefined });
        });
      } catch (err) {
        wanted.warn(`search runs degraded (Postgres only): ${(err as Error).message}`);
      }
    }
    meiliUrl = meili?.url;
    meiliKey = meili?.key;
  }

  return {
    databaseUrl,
    meiliUrl,
    meiliKey,
    started,
    stop: async () => {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
