/**
 * `npm run bench:fanout`: approve → received latency and completion per channel.
 *
 * The orchestrator (this process) runs a throw-away Postgres, the socket.io clients, 200 HTTP
 * webhook receivers and an SMTP server; a child process runs Chorus (socket.io server with
 * /media, and the fan-out workers), as a deployment would. "Approve" is the publishing
 * transaction: t0 is taken just before it starts. The baseline is a bare socket.io broadcast
 * of the same envelope to the same clients, triggered over IPC (no database at all).
 * Printed figures, not a test: the machine is shared.
 */
import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { io as connectClient, type Socket } from "socket.io-client";
import { ensureDatabase, startEmbeddedPostgres } from "../infra/embedded/postgres.ts";
import { loadReference } from "../src/bootstrap.ts";
import { loadConfig } from "../src/config.ts";
import { createDb, type Db } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import type { EventEnvelope } from "../src/events/envelope.ts";
import { createApiToken, createOrganisation } from "../tests/support/factories.ts";
import {
  createRebuttal,
  createSubscriptionRow,
  publish,
  type RebuttalFacts,
} from "../tests/support/fanout-factories.ts";

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { n: s.length, p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? Number.NaN };
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

/**
 * Child mode: Chorus's socket server and/or workers against the bench database. With
 * `--sockets-only` / `--workers-only` they run apart, as infra/docker-compose.yml deploys them.
 */
async function serve() {
  const sockets = !process.argv.includes("--workers-only");
  const workers = !process.argv.includes("--sockets-only");
  const { createLogger } = await import("../src/log.ts");
  const { createMailer } = await import("../src/fanout/mailer.ts");
  const { createSearch } = await import("../src/library/search.ts");
  const { attachRealtime } = await import("../src/realtime/socket.ts");
  const { startWorkers } = await import("../workers/runner.ts");
  const { fanoutTasks } = await import("../src/fanout/tasks/index.ts");
  const config = loadConfig(process.env);
  const sql = createDb(config.databaseUrl!, { max: 20 });
  const deps = {
    config,
    sql,
    databaseUrl: config.databaseUrl!,
    search: createSearch({ sql, log: createLogger({ level: "silent" }), prefix: "" }),
    mailer: createMailer({
      smtpUrl: config.smtpUrl,
      outboxDir: config.outboxDir,
      from: config.mailFrom,
    }),
    log: createLogger({ level: config.logLevel }),
    now: () => new Date(),
  };
  if (workers) await startWorkers(deps, { tasks: fanoutTasks, concurrency: 40, pollInterval: 100 });
  if (!sockets) {
    process.send!({ port: 0 });
    return;
  }
  const server = http.createServer();
  const { io } = attachRealtime(server, deps, { connectionsPerWindow: 1_000_000 });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.on("message", (m: { bare?: EventEnvelope }) => {
    if (m.bare) io.of("/media").emit("bare", m.bare);
  });
  process.send!({ port: (server.address() as AddressInfo).port });
}

interface Clients {
  sockets: Socket[];
  /** event id → receive times */
  got: Map<string, number[]>;
}

async function connectClients(url: string, token: string, count: number, into: Clients) {
  const batch = 100;
  for (let i = 0; i < count; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - i) }, async () => {
        const socket = connectClient(`${url}/media`, {
          auth: { token },
          transports: ["websocket"],
          reconnection: false,
          forceNew: true,
        });
        const record = (e: EventEnvelope) => {
          const t = now();
          const list = into.got.get(e.id) ?? [];
          list.push(t);
          into.got.set(e.id, list);
        };
        socket.on("event", record);
        socket.on("bare", record);
        await new Promise((resolve, reject) => {
          socket.once("ready", resolve);
          socket.once("connect_error", reject);
        });
        into.sockets.push(socket);
      }),
    );
  }
}

async function waitFor(cond: () => boolean, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!cond() && Date.now() < end) await sleep(10);
}

/** Interleaves Chorus publications and bare broadcasts; returns latency samples of each. */
async function socketRound(sql: Db, child: ChildProcess, rebuttal: RebuttalFacts, c: Clients) {
  const chorus: number[] = [];
  const bare: number[] = [];
  const chorusDone: number[] = [];
  const bareDone: number[] = [];
  const n = c.sockets.length;
  // One unmeasured publication and broadcast first: JIT and pool warm-up are not fan-out.
  const warm = await publish(sql, rebuttal, "rebuttal.updated");
  child.send({ bare: { ...warm, id: `warm-${warm.id}` } });
  await waitFor(() => (c.got.get(warm.id)?.length ?? 0) >= n, 10_000);
  await sleep(300);
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = now();
    const env = await publish(sql, rebuttal, "rebuttal.updated");
    await waitFor(() => (c.got.get(env.id)?.length ?? 0) >= n, 10_000);
    const times = c.got.get(env.id) ?? [];
    chorus.push(...times.map((t) => t - t0));
    chorusDone.push(Math.max(...times) - t0);
    await sleep(200);
    const fake = { ...env, id: `bare-${i}-${env.id}` };
    const t1 = now();
    child.send({ bare: fake });
    await waitFor(() => (c.got.get(fake.id)?.length ?? 0) >= n, 10_000);
    const btimes = c.got.get(fake.id) ?? [];
    bare.push(...btimes.map((t) => t - t1));
    bareDone.push(Math.max(...btimes) - t1);
    await sleep(200);
  }
  return {
    chorus: stats(chorus),
    bare: stats(bare),
    chorusDone: stats(chorusDone),
    bareDone: stats(bareDone),
  };
}

async function receivers(count: number, secret: string, got: Map<string, number[]>) {
  const servers: http.Server[] = [];
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const s = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        const id = String(req.headers["webhook-id"]);
        got.set(id, [...(got.get(id) ?? []), now()]);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    servers.push(s);
    urls.push(`http://127.0.0.1:${(s.address() as AddressInfo).port}/hook`);
  }
  void secret;
  return { servers, urls };
}

/** A real SMTP server that notes when each event's messages arrive. */
async function startSmtp(mailGot: Map<string, number[]>) {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _s, cb) {
      let head = "";
      stream.on("data", (d: Buffer) => {
        if (head.length < 4000) head += d.toString();
      });
      stream.on("end", () => {
        const id = /X-Chorus-Event-Id: (\S+)/i.exec(head)?.[1] ?? "?";
        mailGot.set(id, [...(mailGot.get(id) ?? []), now()]);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  return smtp;
}

/** One publication with 200 webhook and 500 email subscriptions and every socket connected. */
async function channelsRound(
  sql: Db,
  organisationId: string,
  rebuttal: RebuttalFacts,
  clients: Clients,
  mailGot: Map<string, number[]>,
  out: (line: string) => void,
) {
  const hookGot = new Map<string, number[]>();
  const recv = await receivers(200, "", hookGot);
  for (const target of recv.urls) await createSubscriptionRow(sql, { organisationId, target });
  for (let i = 0; i < 500; i++) {
    await createSubscriptionRow(sql, {
      organisationId,
      channel: "email",
      target: `reader${i}@bench.example.cn`,
    });
  }
  const t0 = now();
  const env = await publish(sql, rebuttal, "rebuttal.updated");
  await waitFor(
    () => (hookGot.get(env.id)?.length ?? 0) >= 200 && (mailGot.get(env.id)?.length ?? 0) >= 500,
    60_000,
  );
  const sockets = stats((clients.got.get(env.id) ?? []).map((t) => t - t0));
  const hooks = stats((hookGot.get(env.id) ?? []).map((t) => t - t0));
  const mails = stats((mailGot.get(env.id) ?? []).map((t) => t - t0));
  out(`all channels at once (one publication):`);
  out(
    `  socket.io ${sockets.n}/${clients.sockets.length}: p50 ${ms(sockets.p50)} p99 ${ms(sockets.p99)} completion ${ms(sockets.max)}`,
  );
  out(
    `  webhooks ${hooks.n}/200: p50 ${ms(hooks.p50)} p99 ${ms(hooks.p99)} completion ${ms(hooks.max)}`,
  );
  out(
    `  email ${mails.n}/500: p50 ${ms(mails.p50)} p99 ${ms(mails.p99)} completion ${ms(mails.max)}`,
  );
  const attempts = await sql<{ channel: string; p50: number; p99: number }[]>`
    select d.channel, percentile_cont(0.5) within group (order by a.duration_ms) as p50,
           percentile_cont(0.99) within group (order by a.duration_ms) as p99
    from delivery_attempts a join deliveries d on d.id = a.delivery_id group by d.channel`;
  for (const a of attempts)
    out(`  ${a.channel} attempt duration (send only): p50 ${ms(a.p50)} p99 ${ms(a.p99)}`);

  return recv;
}

async function main() {
  if (process.argv.includes("--serve")) return serve();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-bench-fanout-"));
  fs.chmodSync(root, 0o755);
  const pg = await startEmbeddedPostgres({
    dir: path.join(root, "postgres"),
    settings: { fsync: "off", synchronous_commit: "off", max_connections: 200 },
  });
  const databaseUrl = await ensureDatabase(pg.url, "chorus_bench_fanout");
  const sql = createDb(databaseUrl, { max: 5 });
  await migrate(sql, databaseUrl);
  await loadReference(sql);

  const mailGot = new Map<string, number[]>();
  const smtp = await startSmtp(mailGot);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  // "split" (default): socket server and workers in separate processes, as deployed by
  // infra/docker-compose.yml; "single": both in one process, as `npm start` runs them.
  const topology = process.env.BENCH_TOPOLOGY === "single" ? "single" : "split";
  const spawnChorus = (role: string[]) =>
    fork(import.meta.filename, ["--serve", ...role], {
      execArgv: ["--import", "tsx"],
      env: childEnv,
    });
  const childEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    WEBHOOK_ALLOW_PRIVATE: "true",
    LOG_LEVEL: "error",
    DATA_DIR: root,
    PUBLIC_URL: "http://chorus.bench",
  };
  const started = (c: ChildProcess) =>
    new Promise<number>((r) => c.once("message", (m: { port: number }) => r(m.port)));
  const child = spawnChorus(topology === "split" ? ["--sockets-only"] : []);
  const workerChild = topology === "split" ? spawnChorus(["--workers-only"]) : undefined;
  const port = await started(child);
  if (workerChild) await started(workerChild);
  const url = `http://127.0.0.1:${port}`;

  const org = await createOrganisation(sql, { kind: "media" });
  const { token } = await createApiToken(sql, org.id, ["feed:read"]);
  const rebuttal = await createRebuttal(sql, {
    category: "infectious-disease",
    regions: ["460000"],
  });
  const clients: Clients = { sockets: [], got: new Map() };
  const lines: string[] = [];
  const out = (l: string) => {
    lines.push(l);
    process.stdout.write(`${l}\n`);
  };
  out(
    `Chorus fan-out benchmark — ${os.cpus().length} cores, ${ROUNDS} publications per socket round, ${topology} topology`,
  );

  const sizes = (process.env.BENCH_CLIENTS ?? "1000,5000").split(",").filter(Boolean).map(Number);
  for (const target of sizes) {
    await connectClients(url, token, target - clients.sockets.length, clients);
    const r = await socketRound(sql, child, rebuttal, clients);
    out(
      `socket.io ${target} clients: Chorus p50 ${ms(r.chorus.p50)} p99 ${ms(r.chorus.p99)} ` +
        `(completion median ${ms(r.chorusDone.p50)}) | bare broadcast p50 ${ms(r.bare.p50)} ` +
        `p99 ${ms(r.bare.p99)} (completion median ${ms(r.bareDone.p50)}) | p99 ratio ` +
        `${(r.chorus.p99 / r.bare.p99).toFixed(2)}`,
    );
  }

  const recv = await channelsRound(sql, org.id, rebuttal, clients, mailGot, out);

  for (const s of clients.sockets) s.close();
  for (const s of recv.servers) s.close();
  child.kill("SIGKILL");
  workerChild?.kill("SIGKILL");
  smtp.close();
  await sql.end({ timeout: 1 });
  await pg.stop();
  fs.rmSync(root, { recursive: true, force: true });
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`bench:fanout failed: ${err instanceof Error ? err.stack : err}\n`);
  process.exit(1);
});
