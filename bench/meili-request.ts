/**
 * `npx tsx bench/meili-request.ts`: CPU of this process per Meilisearch search request, by client
 * (meilisearch-js over `fetch`, node:http with a keep-alive Agent, undici's Pool), 10 requests
 * in flight, the clients taking turns so a burst of load on the shared machine hits each. Prints
 * CPU ms per request of this process (and the ratio against meilisearch-js measured in the same
 * run) and of Meilisearch.
 */

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { Pool } from "undici";
import { startEmbeddedMeilisearch } from "../infra/embedded/meilisearch.ts";
import { wellFormed } from "../src/text/well-formed.ts";
import { loadQueries, loadSharedData, processCpuMs } from "./library-env.ts";

const N = Number(process.env.REQUESTS ?? 3000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const { dxy, cofacts } = loadSharedData();
const queries = loadQueries({ dxy, cofacts }).map((q) => wellFormed(q.slice(0, 48)));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-meili-request-"));
const meili = await startEmbeddedMeilisearch({ dir });
try {
  const client = new Meilisearch({
    host: meili.url,
    apiKey: meili.key,
    timeout: 30_000,
    requestInit: { headers: { "accept-encoding": "identity" } },
  });
  const docs = [...dxy, ...cofacts].map((d, i) => ({
    id: `d${i}`,
    text: wellFormed(JSON.stringify(d)),
  }));
  const task = await client.index("bench").addDocuments(docs, { primaryKey: "id" });
  await client.tasks.waitForTask(task.taskUid, { timeout: 60_000 });
  const body = (q: string) =>
    JSON.stringify({ q, limit: 30, filter: [], attributesToRetrieve: ["id"] });
  const headers = {
    authorization: `Bearer ${meili.key}`,
    "content-type": "application/json",
    "accept-encoding": "identity",
  };
  const url = new URL(meili.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 10 });
  const pool = new Pool(url.origin, { connections: 10 });
  const clients: Record<string, (q: string) => Promise<number>> = {
    "meilisearch-js": async (q) =>
      (
        await client
          .index("bench")
          .search(q, { limit: 30, filter: [], attributesToRetrieve: ["id"] })
      ).hits.length,
    "node:http": (q) =>
      new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            path: "/indexes/bench/search",
            method: "POST",
            headers,
            agent,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c) => chunks.push(c));
            res.on("end", () => resolve(JSON.parse(Buffer.concat(chunks).toString()).hits.length));
            res.on("error", reject);
          },
        );
        req.on("error", reject);
        req.end(body(q));
      }),
    undici: async (q) => {
      const res = await pool.request({
        path: "/indexes/bench/search",
        method: "POST",
        headers,
        body: body(q),
      });
      return ((await res.body.json()) as { hits: unknown[] }).hits.length;
    },
  };
  const run = async (ask: (q: string) => Promise<number>) => {
    let next = 0;
    const cpu0 = process.cpuUsage();
    const meili0 = processCpuMs(meili.pid);
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < N) await ask(queries[next++ % queries.length]!);
      }),
    );
    const cpu = process.cpuUsage(cpu0);
    return {
      client: (cpu.user + cpu.system) / 1000 / N,
      meili: (processCpuMs(meili.pid) - meili0) / N,
    };
  };
  const sums: Record<string, number[]> = Object.fromEntries(
    Object.keys(clients).map((name) => [name, [] as number[]]),
  );
  const server: Record<string, number[]> = Object.fromEntries(
    Object.keys(clients).map((name) => [name, [] as number[]]),
  );
  for (let r = 0; r < ROUNDS + 1; r++)
    for (const [name, ask] of Object.entries(clients)) {
      const ms = await run(ask);
      if (r > 0) {
        // Round 0 warms up.
        sums[name]!.push(ms.client);
        server[name]!.push(ms.meili);
      }
    }
  const base = sums["meilisearch-js"]!.reduce((a, b) => a + b) / ROUNDS;
  for (const [name, v] of Object.entries(sums)) {
    const mean = v.reduce((a, b) => a + b) / ROUNDS;
    console.log(
      `${name.padEnd(16)} CPU ms/request ${v.map((x) => x.toFixed(3)).join(" ")}  mean ${mean.toFixed(3)}  ratio ${(mean / base).toFixed(2)}  Meilisearch ${server[name]!.map((x) => x.toFixed(2)).join(" ")}`,
    );
  }
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  agent.destroy();
  await pool.close();
} finally {
  await meili.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
