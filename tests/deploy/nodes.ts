import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "../../infra/embedded/process.ts";

/** One Chorus process started as `npm run start:api` / `start:worker` start it. */
export interface ChorusNode {
  role: "api" | "worker";
  child: ChildProcess;
  /** http://127.0.0.1:PORT for an API node. */
  url: string;
  output(): string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawns `node --import tsx src/main.ts --role=<role>` with `env` (the scripts' command line),
 * or `node dist/src/main.js` when `entry` says so.
 * @example const api = await startNode("api", env); await api.kill("SIGTERM");
 */
export async function startNode(
  role: "api" | "worker",
  env: Record<string, string>,
  entry: "tsx" | "dist" = "tsx",
): Promise<ChorusNode> {
  const port = role === "api" ? await freePort() : 0;
  const args =
    entry === "tsx"
      ? ["--import", "tsx", "src/main.ts", `--role=${role}`]
      : ["dist/src/main.js", `--role=${role}`];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: "warn", ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  return {
    role,
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
