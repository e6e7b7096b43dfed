import fs from "node:fs";
import path from "node:path";
import { startEmbeddedMeilisearch } from "./meilisearch.ts";
import { ensureDatabase, postgresUser, startEmbeddedPostgres } from "./postgres.ts";
import { pidAlive, portAnswers, readJson, sameOrFreePort, stopProcess } from "./process.ts";
import { runtimeHome, userCan } from "./reachable.ts";

interface Record {
  url: string;
  pid: number;
  port: number;
  key?: string;
  /** The Chorus process that stops this service on its shutdown. */
  owner?: number;
}
/** `DATA_DIR/services.json`: what runs now, and what outlives a stop. */
export interface ServicesFile {
  postgres?: Record;
  meilisearch?: Record;
  /** The cluster's folder when it cannot live in DATA_DIR (root, checkout closed to others). */
  postgresDir?: string;
  /** The ports last used, taken again when free so that separate workers find a restart. */
  ports?: { postgres?: number; meilisearch?: number };
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

type Name = "postgres" | "meilisearch";

export function servicesFile(dataDir: string): string {
  return path.join(dataDir, "services.json");
}

/** A recorded service that still runs, or undefined. */
export async function runningService(record: Record | undefined): Promise<Record | undefined> {
  if (!record || !pidAlive(record.pid)) return undefined;
  return (await portAnswers(record.port)) ? record : undefined;
}

/**
 * Where the embedded cluster lives: `DATA_DIR/postgres`, unless Postgres' unprivileged user
 * (root runs it as `postgres`) cannot reach DATA_DIR and no cluster is there yet; then a folder
 * that user owns under /var/lib/chorus (see `runtimeHome`), recorded in services.json.
 */
function clusterDir(dataDir: string, recorded: ServicesFile): string {
  const local = path.join(dataDir, "postgres");
  if (recorded.postgresDir && fs.existsSync(recorded.postgresDir)) return recorded.postgresDir;
  const user = postgresUser();
  if (!user || userCan(user, "-x", dataDir)) return local;
  if (fs.existsSync(local) && fs.readdirSync(local).length > 0) return local;
  return path.join(runtimeHome(fs.realpathSync(dataDir), user), "postgres");
}

/**
 * Resolves the Postgres and Meilisearch this process uses: the configured URLs when given,
 * otherwise the embedded services another Chorus process already runs (recorded in
 * `DATA_DIR/services.json`), otherwise fresh embedded ones that this process owns and stops.
 * Services left by a process that died (SIGKILL) are adopted: this process stops them.
 * @example const services = await ensureServices({ dataDir: ".data", warn: console.warn });
 */
export async function ensureServices(wanted: Wanted): Promise<ResolvedServices> {
  fs.mkdirSync(wanted.dataDir, { recursive: true });
  const file = servicesFile(wanted.dataDir);
  const recorded = readJson<ServicesFile>(file) ?? {};
  const stops: (() => Promise<void>)[] = [];
  const started: string[] = [];
  const save = (update: ServicesFile) => {
    Object.assign(recorded, update);
    fs.writeFileSync(file, JSON.stringify(recorded, null, 2), { mode: 0o600 });
  };
  const own = (name: Name, record: Record, stop: () => Promise<void>) => {
    save({
      [name]: { ...record, owner: process.pid },
      ports: { ...recorded.ports, [name]: record.port },
    });
    stops.push(async () => {
      await stop();
      save({ [name]: undefined });
    });
  };
  /** A running service, adopted when the process that started it is gone. */
  const reuse = async (name: Name, signal: NodeJS.Signals) => {
    const record = await runningService(recorded[name]);
    if (record && !(record.owner && pidAlive(record.owner))) {
      own(name, record, () => stopProcess(record.pid, signal));
      started.push(
        `${name === "postgres" ? "Postgres" : "Meilisearch"} on 127.0.0.1:${record.port} (left by a stopped process, adopted)`,
      );
    }
    return record;
  };

  let databaseUrl = wanted.databaseUrl;
  if (!databaseUrl) {
    let pg = await reuse("postgres", "SIGINT");
    if (!pg) {
      const dir = clusterDir(wanted.dataDir, recorded);
      if (dir !== path.join(wanted.dataDir, "postgres")) save({ postgresDir: dir });
      const running = await startEmbeddedPostgres({
        dir,
        logFile: path.join(wanted.dataDir, "postgres.log"),
        port: await sameOrFreePort(recorded.ports?.postgres),
      });
      pg = { url: running.url, pid: running.pid, port: running.port };
      own("postgres", pg, running.stop);
      const away = dir === path.join(wanted.dataDir, "postgres") ? "" : `, cluster in ${dir}`;
      started.push(`Postgres on 127.0.0.1:${running.port}${away}`);
    }
    databaseUrl = await ensureDatabase(pg.url, "chorus");
  }

  let meiliUrl = wanted.meiliUrl;
  let meiliKey = wanted.meiliKey;
  if (!meiliUrl) {
    let meili = await reuse("meilisearch", "SIGTERM");
    if (!meili) {
      try {
        const running = await startEmbeddedMeilisearch({
          dir: path.join(wanted.dataDir, "meilisearch"),
          port: await sameOrFreePort(recorded.ports?.meilisearch),
        });
        meili = { url: running.url, pid: running.pid, port: running.port, key: running.key };
        own("meilisearch", meili, running.stop);
        started.push(`Meilisearch on 127.0.0.1:${running.port}`);
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
