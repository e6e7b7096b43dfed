import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RUNTIME_FILES } from "./build-files.ts";

/**
 * `npm run build`: compiles src/, workers/, infra/ and seeds/ to JavaScript in dist/ and copies
 * what the code reads from disk at run time beside it, at the same relative places
 * (`import.meta.url` + "../../content" and the like resolve the same from dist/).
 * `--if-stale` (`npm run start:api`'s prestart) builds only when a source file is newer than
 * the last build. The new build is made in a folder of its own and renamed into place, so a
 * node started from dist/ meanwhile never sees a half-written or half-deleted tree.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const stamp = path.join(dist, ".built");
const SOURCES = ["src", "workers", "infra", "seeds", "content", "package-lock.json"];
const SOURCES_FILES = ["tsconfig.json", "tsconfig.build.json"];

function newestSource(): number {
  let newest = 0;
  const visit = (p: string) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of [...SOURCES, ...SOURCES_FILES]) visit(path.join(root, s));
  return newest;
}

const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (process.argv.includes("--if-stale") && built > newestSource()) {
  process.stdout.write(`dist/ is up to date (entry: node dist/src/main.js)\n`);
  process.exit(0);
}

// The stamp carries the time the build began: a source saved while it compiles is newer, so the
// next `--if-stale` builds again.
const began = new Date();
const next = `${dist}.${process.pid}.tmp`;
fs.rmSync(next, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    path.join(root, "node_modules/typescript/bin/tsc"),
    "-p",
    "tsconfig.build.json",
    "--outDir",
    next,
  ],
  { cwd: root, stdio: "inherit" },
);
for (const dir of RUNTIME_FILES) {
  fs.cpSync(path.join(root, dir), path.join(next, dir), {
    recursive: true,
    filter: (from) => !/\.tsx?$/.test(from),
  });
}
fs.writeFileSync(path.join(next, ".built"), `${began.toISOString()}\n`);
fs.utimesSync(path.join(next, ".built"), began, began);
// Another build may swap its own tree in between our two renames: move that aside too and retry.
const olds: string[] = [];
for (let attempt = 0; ; attempt++) {
  const old = `${dist}.${process.pid}.old${attempt}`;
  try {
    fs.renameSync(dist, old);
    olds.push(old);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  try {
    fs.renameSync(next, dist);
    break;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code !== "ENOTEMPTY" && code !== "EEXIST") || attempt > 10) throw err;
  }
}
for (const old of olds) fs.rmSync(old, { recursive: true, force: true });
process.stdout.write(`built ${path.relative(root, dist)}/ (entry: node dist/src/main.js)\n`);
