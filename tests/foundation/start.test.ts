import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, pidAlive } from "../../infra/embedded/process.ts";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-start-"));
fs.chmodSync(root, 0o755);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  fs.rmSync(root, { recursive: true, force: true });
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
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

describe("npm start on a fresh machine", () => {
  it("starts embedded services, becomes ready, and stops them on SIGTERM", async () => {
    const port = await freePort();
    const dataDir = path.join(root, "data");
    const app = start({ PORT: String(port), DATA_DIR: dataDir });
    await expect
      .poll(() => app.output(), { timeout: 60_000, interval: 200 })
      .toContain(`is running at http://localhost:${port}`);
    expect(app.output()).toContain("admin@demo.chorus");

    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(await ready.json()).toMatchObject({ status: "ready" });
    const socket = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`);
    expect(socket.status).toBe(200);
    expect(await socket.text()).toMatch(/"sid"/);

    const services = JSON.parse(fs.readFileSync(path.join(dataDir, "services.json"), "utf8"));
    const pgPid: number = services.postgres.pid;
    expect(pidAlive(pgPid)).toBe(true);

    app.child.kill("SIGTERM");
    expect(await app.exited).toBe(0);
    expect(pidAlive(pgPid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
  }, 120_000);

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
