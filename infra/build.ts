import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run build`: compiles src/, workers/, infra/ and seeds/ to JavaScript in dist/ and copies
 * what the code reads from disk at run time beside it, at the same relative places
 * (`import.meta.url` + "../../content" and the like resolve the same from dist/).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const RUNTIME_FILES = ["src/db/migrations", "src/pages/assets", "content"];

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
  { cwd: root, stdio: "inherit" },
);
for (const dir of RUNTIME_FILES) {
  fs.cpSync(path.join(root, dir), path.join(dist, dir), {
    recursive: true,
    filter: (from) => !/\.tsx?$/.test(from),
  });
}
process.stdout.write(`built ${path.relative(root, dist)}/ (entry: node dist/src/main.js)\n`);
