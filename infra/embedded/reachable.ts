import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface SystemUser {
  uid: number;
  gid: number;
}

/**
 * Folders that hold, per checkout, what the unprivileged `postgres` user must reach when root
 * runs Chorus from a folder closed to other users (`/root/chorus`, a `mktemp -d`): the cluster
 * and a copy of the Postgres binaries. The first one that root can create is used; `npm run
 * clean` looks in all of them.
 */
export const RUNTIME_ROOTS = ["/var/lib/chorus", path.join(os.tmpdir(), "chorus-runtime")];

/** Whether `user` can reach `file` for `test`'s check: `-x` run or enter, `-w` write, `-r` read. */
export function userCan(user: SystemUser, check: "-x" | "-w" | "-r", file: string): boolean {
  return spawnSync("test", [check, file], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * The per-origin folder under the first usable runtime root, owned by `user` with mode 0700.
 * `origin` (a checkout's data folder or its Postgres package) names it by hash and is written
 * into it, so that `npm run clean` finds the folders of its checkout.
 * @example const home = runtimeHome("/root/chorus/.data", postgresUser);
 */
export function runtimeHome(origin: string, user: SystemUser): string {
  const name = crypto.createHash("sha256").update(origin).digest("hex").slice(0, 16);
  let lastError: unknown;
  for (const root of RUNTIME_ROOTS) {
    try {
      fs.mkdirSync(root, { recursive: true, mode: 0o755 });
      const home = path.join(root, name);
      fs.mkdirSync(home, { recursive: true, mode: 0o700 });
      fs.chownSync(home, user.uid, user.gid);
      fs.chmodSync(home, 0o700);
      fs.writeFileSync(path.join(home, "origin"), `${origin}\n`, { mode: 0o644 });
      if (userCan(user, "-w", home)) return home;
      lastError = new Error(`${home} is not writable by uid ${user.uid}`);
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(
    `no folder for the 'postgres' user could be made under ${RUNTIME_ROOTS.join(" or ")}: ` +
      `${(lastError as Error)?.message}. Set DATABASE_URL to a Postgres server.`,
  );
}

/** Runtime homes whose recorded origin is one of `origins` or lies inside `under`. */
export function runtimeHomesOf(opts: { origins: string[]; under: string }): string[] {
  const found: string[] = [];
  for (const root of RUNTIME_ROOTS) {
    let names: string[];
    try {
      names = fs.readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names) {
      const home = path.join(root, name);
      let origin: string;
      try {
        origin = fs.readFileSync(path.join(home, "origin"), "utf8").trim();
      } catch {
        continue;
      }
      if (opts.origins.includes(origin) || origin.startsWith(`${opts.under}${path.sep}`)) {
        found.push(home);
      }
    }
  }
  return found;
}

/**
 * Copies a folder tree readable by everyone (a root umask of 077 may have closed the original),
 * symbolic links as they are. Built beside `to` and renamed into place, so that two processes
 * doing it at once both end with a complete tree.
 */
export function mirrorTree(from: string, to: string, finish: (tree: string) => void): void {
  if (fs.existsSync(path.join(to, ".complete"))) return;
  const building = `${to}.building-${process.pid}`;
  const build = () => {
    fs.rmSync(building, { recursive: true, force: true });
    copyTree(from, building);
    finish(building);
    fs.writeFileSync(path.join(building, ".complete"), "");
  };
  build();
  try {
    fs.renameSync(building, to);
  } catch {
    fs.rmSync(building, { recursive: true, force: true });
    if (fs.existsSync(path.join(to, ".complete"))) return;
    fs.rmSync(to, { recursive: true, force: true });
    build();
    fs.renameSync(building, to);
  }
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o755 });
  fs.chmodSync(to, 0o755);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else if (entry.isDirectory()) copyTree(source, target);
    else {
      fs.copyFileSync(source, target);
      const mode = fs.statSync(source).mode & 0o111 ? 0o755 : 0o644;
      fs.chmodSync(target, mode);
    }
  }
}
