import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, pidAlive, portAnswers } from "../../infra/embedded/process.ts";
import type { ServicesFile } from "../../infra/embedded/services.ts";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-start-"));
fs.chmodSync(root, 0o755);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  fs.rmSync(root, { recursive: true, force: true });
});

/** `npm start` itself (npm, then node), or node directly, as a Dockerfile or a user runs it. */
function start(env: Record<string, string>, via: "npm" | "node" = "node") {
  const [command, args] =
    via === "npm"
      ? ["npm", ["start", "--silent"]]
      : [process.execPath, ["--import", "tsx", "src/main.ts"]];
  const child = spawn(command, args, {
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => out, exited };
}

function recorded(dataDir: string): ServicesFile {
  return JSON.parse(fs.readFileSync(path.join(dataDir, "services.json"), "utf8"));
}

/**
 * Jobs running or due now in the started instance's database. Tests wait for none before
 * SIGTERM: a graceful shutdown waits for running jobs (the seeded library's indexing), which on
 * a loaded machine could outlast the shutdown deadline.
 */
async function busyJobs(dataDir: string): Promise<number> {
  const url = new URL(recorded(dataDir).postgres?.url ?? "");
  url.pathname = "/chorus";
  const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`
      select count(*)::int as n from graphile_worker.jobs
      where locked_at is not null or (run_at <= now() and attempts < max_attempts)`;
    return row?.n ?? -1;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

describe("npm start on a fresh machine", () => {
  it("starts embedded services, becomes ready, and stops them when npm start gets SIGTERM", async () => {
    const port = await freePort();
    const dataDir = path.join(root, "data");
    const app = start({ PORT: String(port), DATA_DIR: dataDir }, "npm");
    await expect
      .poll(() => app.output(), { timeout: 60_000, interval: 200 })
      .toContain(`is running at http://localhost:${port}`);
    expect(app.output()).toContain("admin@demo.chorus");

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready" });
    const socket = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`);
    expect(socket.status).toBe(200);
    expect(await socket.text()).toMatch(/"sid"/);

    const services = recorded(dataDir);
    const pids = [services.postgres?.pid ?? 0, services.meilisearch?.pid ?? 0];
    expect(pids.map(pidAlive)).toEqual([true, true]);

    await expect.poll(() => busyJobs(dataDir), { timeout: 60_000, interval: 500 }).toBe(0);
    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    expect(await portAnswers(port)).toBe(false);
    expect(pids.map(pidAlive)).toEqual([false, false]);
    expect(recorded(dataDir).postgres).toBeUndefined();
    const cluster = recorded(dataDir).postgresDir ?? path.join(dataDir, "postgres");
    expect(fs.existsSync(path.join(cluster, "PG_VERSION"))).toBe(true);
  }, 120_000);

  it("after a SIGKILL, the next start adopts the services left running on the same ports and stops them on SIGTERM", async () => {
    const dataDir = path.join(root, "data");
    const lastPorts = recorded(dataDir).ports;
    const first = start({ PORT: String(await freePort()), DATA_DIR: dataDir });
    await expect
      .poll(() => first.output(), { timeout: 60_000, interval: 200 })
      .toContain("is running at");
    const left = recorded(dataDir);
    expect([left.postgres?.port, left.meilisearch?.port]).toEqual([
      lastPorts?.postgres,
      lastPorts?.meilisearch,
    ]);
    first.child.kill("SIGKILL");
    await first.exited;
    const pids = [left.postgres?.pid ?? 0, left.meilisearch?.pid ?? 0];
    expect(pids.map(pidAlive)).toEqual([true, true]);

    const port = await freePort();
    const next = start({ PORT: String(port), DATA_DIR: dataDir });
    await expect
      .poll(() => next.output(), { timeout: 60_000, interval: 200 })
      .toContain("is running at");
    expect(next.output()).toContain("adopted");
    expect(recorded(dataDir).postgres).toMatchObject({ pid: pids[0], owner: next.child.pid });
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready" });

    // A job the killed process held stays locked until the heartbeat sweep frees it: a lock
    // older than a minute whose worker no longer beats (checked every 10 s).
    await expect.poll(() => busyJobs(dataDir), { timeout: 150_000, interval: 500 }).toBe(0);
    next.child.kill("SIGTERM");
    expect(await next.exited).toBe(0);
    expect(pids.map(pidAlive)).toEqual([false, false]);
  }, 270_000);

  it("says clearly when its port is already taken", async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((r) => blocker.listen(port, "0.0.0.0", r));
    try {
      const app = start({ PORT: String(port), DATA_DIR: path.join(root, "data") });
      expect(await app.exited).toBe(1);
      expect(app.output()).toContain(`port ${port} on 0.0.0.0 is already in use`);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it("refuses a bad setting before starting anything, naming the variable", async () => {
    const app = start({ PORT: "not-a-port", DATA_DIR: path.join(root, "never") });
    expect(await app.exited).toBe(2);
    expect(app.output()).toMatch(/PORT: /);
    expect(fs.existsSync(path.join(root, "never"))).toBe(false);
  });
});
