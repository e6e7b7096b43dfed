/**
 * `npx tsx bench/post-body.ts`: what reading a POST's JSON body costs the API, Chorus's body limit
 * (`limitBodies`, ADR 0325) against hono's `bodyLimit` alone (what Chorus ran before), measured in
 * one run. Each runs in a server process of its own (node-server with `overrideGlobalObjects`, as
 * `src/server.ts` serves), in front of a route that reads the body as the report route does (the
 * text guard's `c.req.text()`, then `c.req.json()`), driven by autocannon at 10 connections for
 * `BENCH_DURATION` s (default 5; 2 s of warm-up before) with a report-sized body, `BENCH_ROUNDS`
 * times (default 4) turn about. Prints requests/s and the server's CPU µs per request (/proc), and
 * the ratio of the means.
 */
import { fork } from "node:child_process";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { freePort } from "../infra/embedded/process.ts";
import { limitBodies } from "../src/http/body-limit.ts";
import type { AppEnv } from "../src/http/env.ts";
import { processCpuMs } from "./library-env.ts";

const LIMIT = 64 * 1024;
const WAYS = ["hono bodyLimit", "limitBodies"] as const;

if (process.argv[2] === "--serve") {
  const app = new Hono<AppEnv>();
  app.use(process.argv[3] === "limitBodies" ? limitBodies(LIMIT) : bodyLimit({ maxSize: LIMIT }));
  app.use(async (c, next) => {
    JSON.parse(await c.req.text());
    await next();
  });
  app.post("/r", async (c) => c.json({ length: (await c.req.json()).text.length }, 201));
  const port = Number(process.argv[4]);
  serve({ fetch: app.fetch, port, hostname: "127.0.0.1", overrideGlobalObjects: true }, () =>
    process.send?.("up"),
  );
} else {
  const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
  const body = JSON.stringify({
    text: "听说喝板蓝根可以预防新冠病毒，是真的吗？家里老人都在囤。".repeat(3),
  });
  const drive = (url: string, duration: number) =>
    autocannon({
      url,
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      connections: 10,
      duration,
    });
  const cpu = new Map<string, number[]>(WAYS.map((w) => [w, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of round % 2 ? [...WAYS].reverse() : WAYS) {
      const port = await freePort();
      const server = fork(import.meta.filename, ["--serve", way, String(port)], {
        execArgv: ["--import", "tsx"],
      });
      try {
        await new Promise((resolve) => server.once("message", resolve));
        const url = `http://127.0.0.1:${port}/r`;
        await drive(url, 2);
        const cpu0 = processCpuMs(server.pid!);
        const r = await drive(url, DURATION_S);
        const us = ((processCpuMs(server.pid!) - cpu0) / r.requests.total) * 1000;
        cpu.get(way)!.push(us);
        console.log(
          `round ${round + 1} ${way.padEnd(14)} ${r.requests.average.toFixed(0).padStart(6)} req/s, server CPU ${us.toFixed(1)} µs/request (${r.non2xx} not 2xx)`,
        );
      } finally {
        server.kill();
      }
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const [before, now] = WAYS.map((w) => mean(cpu.get(w)!));
  console.log(
    `mean server CPU µs/request: ${WAYS[0]} ${before!.toFixed(1)}, ${WAYS[1]} ${now!.toFixed(1)}; ratio ${(now! / before!).toFixed(2)}×`,
  );
}
