import { type ChildProcess, spawn } from "node:child_process";
import { expect } from "vitest";
import { freePort } from "../../infra/embedded/process.ts";
import type { Db } from "../../src/db/client.ts";
import {
  createTriagedCase,
  type healthChainCast,
  type Person,
  revisionBody,
} from "../support/review-factories.ts";

/** One Chorus process started in a role, from the sources (tsx) or the build (`dist/`). */
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
 * Spawns `node --import tsx src/main.ts --role=<role>` with `env` (as `npm run start:worker`
 * runs the sources), or `node dist/src/main.js` (as `start:api` and the image do) when `entry`
 * says so.
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

/**
 * Resolves once the node has printed `text`; rejects with its output when it exits first or
 * the time runs out (usable in hooks, where expect.poll is not).
 */
export async function untilPrinted(node: ChorusNode, text: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!node.output().includes(text)) {
    if (node.child.exitCode !== null || node.child.signalCode !== null || Date.now() > deadline) {
      throw new Error(`${node.role} node did not print "${text}":\n${node.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A JSON request to a Chorus node, or to the proxy in front of the nodes, as `who`. */
export function call(base: string, method: string, path: string, who?: Person, body?: unknown) {
  return fetch(`${base}${path}`, {
    method,
    headers: { ...(who?.auth ?? {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Drafts a rebuttal on one base URL, submits it on the next, and sends the three fast-track
 * approvals to the following ones in turn, so the publishing transaction runs wherever the
 * last approval lands.
 * @example await publishThrough(ctx.sql, cast, [api1.url, api2.url], 0);
 */
export async function publishThrough(
  sql: Db,
  cast: Awaited<ReturnType<typeof healthChainCast>>,
  bases: string[],
  n: number,
): Promise<void> {
  const { lead, peer, healthReviewer, publicityReviewer } = cast;
  const on = (i: number) => bases[(n + i) % bases.length] as string;
  const c = await createTriagedCase(sql, { lead, urgency: 1, title: `多节点 ${n}` });
  const draft = await call(on(0), "POST", `/api/v1/cases/${c.id}/revisions`, lead, revisionBody());
  expect(draft.status).toBe(201);
  const { id } = (await draft.json()) as { id: string };
  const submitted = await call(on(1), "POST", `/api/v1/revisions/${id}/submit`, lead, {});
  expect(submitted.status).toBe(201);
  const outcomes: string[] = [];
  for (const [i, who] of [peer, healthReviewer, publicityReviewer].entries()) {
    const res = await call(on(i), "POST", `/api/v1/revisions/${id}/decisions`, who, {
      decision: "approve",
      comment: "",
    });
    expect(res.status).toBe(201);
    outcomes.push(((await res.json()) as { outcome: string }).outcome);
  }
  expect(outcomes).toEqual(["waiting", "waiting", "published"]);
}
