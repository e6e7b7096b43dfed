import { EventEmitter } from "node:events";
import {
  Logger as QueueLogger,
  type Runner,
  run,
  type TaskList,
  type WorkerEvents,
} from "graphile-worker";
import pg from "pg";
import type { Deps } from "../src/deps.ts";
import { isUnavailable } from "../src/http/errors.ts";
import type { Task } from "../src/jobs/task.ts";
import {
  beat,
  endBeat,
  newProcessId,
  sweepDeadWorkers,
  WORKER_DEAD_AFTER_MS,
} from "./heartbeat.ts";
import { allTasks } from "./tasks.ts";

const OLD_POOL_STOP_MS = 15_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether an unhandled rejection in a worker process is Postgres going away (`isUnavailable`,
 * or pg's connection-lost messages, which carry no code). graphile-worker (0.17.3) calls
 * `completeJob`/`failJob` without awaiting them, so their failure escapes as an unhandled
 * rejection — which would end the process — and the job stays locked by a pool that still
 * looks alive. The error's stack need not name graphile-worker: pg creates it in its parser.
 */
export function isLostQueueConnection(reason: unknown): boolean {
  if (isUnavailable(reason)) return true;
  const message = (reason as { message?: unknown } | undefined)?.message;
  return typeof message === "string" && /Connection terminated|not queryable/i.test(message);
}

export interface Workers {
  /** Stops taking jobs and waits for the ones in flight to finish. */
  stop(): Promise<void>;
  running(): boolean;
  /** Replaces the pool after it lost Postgres mid-job (`isLostQueueConnection`). */
  recover(err: unknown): void;
}

function taskList(deps: Deps, tasks: Task[]): TaskList {
  const list: TaskList = {};
  for (const t of tasks) {
    list[t.job.name] = async (raw, helpers) => {
      const log = deps.log.child({ task: t.job.name, jobId: helpers.job.id });
      const parsed = t.job.payload.safeParse(raw);
      if (!parsed.success) {
        log.error({ issues: parsed.error.issues }, "job payload is invalid");
        throw new Error(`invalid payload for ${t.job.name}`);
      }
      await t.run(parsed.data, {
        deps,
        log,
        job: {
          id: helpers.job.id,
          attempts: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
        },
      });
    };
  }
  return list;
}

/**
 * Runs the job queue's workers in this process. Every `heartbeatMs` it says its workers are
 * alive and frees the jobs that workers of dead processes left locked.
 * @example const workers = await startWorkers(deps); … await workers.stop();
 */
export async function startWorkers(
  deps: Deps,
  opts: {
    tasks?: Task[];
    concurrency?: number;
    pollInterval?: number;
    heartbeatMs?: number;
    deadAfterMs?: number;
  } = {},
): Promise<Workers> {
  const queueLog = deps.log.child({ component: "queue" });
  const logger = new QueueLogger(() => (level, message, meta) => {
    const fn = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
    queueLog[fn](meta ?? {}, message);
  });
  const events: WorkerEvents = new EventEmitter();
  const workerIds: string[] = [];
  // Jobs are locked in the name of the pool (graphile-worker 0.17), not of its workers.
  events.on("pool:create", ({ workerPool }) => workerIds.push(workerPool.id));
  events.on("worker:create", ({ worker }) => workerIds.push(worker.workerId));
  const concurrency = opts.concurrency ?? deps.config.workerConcurrency;
  // The pool is ours, not graphile-worker's: graphile removes its error handlers when it stops
  // and ends its own pool without waiting, so a connection that Postgres ends just after (a
  // restart, a dropped test database) raised an unhandled 'error'. Ours keeps its handlers.
  // It is ended when the workers stop for good; a pool replaced after an outage is left to
  // close its idle connections, since graphile may still flush a batch of failed jobs on it
  // after its runner stopped (a pool ended under it threw "Cannot use a pool after calling end").
  const pools = new Map<Runner, pg.Pool>();
  const newPool = () => {
    const pool = new pg.Pool({
      connectionString: deps.databaseUrl,
      // graphile-worker warns at start when its pool is smaller than its concurrency.
      max: Math.max(10, concurrency + 2),
      // A pool left behind after an outage never keeps the process from exiting.
      allowExitOnIdle: true,
    });
    const lost = (err: Error) => queueLog.warn({ err: err.message }, "a queue connection ended");
    pool.on("error", lost);
    pool.on("connect", (client) => client.on("error", lost));
    return pool;
  };
  const startRunner = async () => {
    const pgPool = newPool();
    // A pool whose runner did not start is left to close its idle connections (as above).
    const r = await run({
      events,
      pgPool,
      concurrency,
      noHandleSignals: true,
      pollInterval: opts.pollInterval ?? 1000,
      taskList: taskList(deps, (opts.tasks ?? allTasks) as Task[]),
      logger,
    });
    pools.set(r, pgPool);
    return r;
  };
  /**
   * Stops a runner (giving up after `ms` when given: a job may hang); `end` also ends its pool,
   * when the workers stop for good.
   */
  const stopRunner = async (r: Runner, o: { ms?: number; end: boolean }) => {
    const done = (async () => {
      await r.stop().catch(() => {});
      const pool = pools.get(r);
      pools.delete(r);
      if (o.end) await pool?.end().catch(() => {});
    })();
    await (o.ms === undefined ? done : Promise.race([done, sleep(o.ms)]));
  };
  let stopping = false;
  let runner: Runner | undefined = await startRunner();
  let restarting: Promise<void> | undefined;
  /**
   * Replaces a pool that stopped or lost its hold on the queue (see `isLostQueueConnection`):
   * the old one is stopped (bounded), its ids leave the heartbeat so the sweep frees the jobs it
   * left locked, and a new pool starts once Postgres answers.
   */
  const replace = (r: Runner, err: unknown) => {
    if (stopping || runner !== r) return;
    runner = undefined;
    queueLog.error(
      { err: err instanceof Error ? err.message : err },
      "the job queue lost Postgres: starting a new pool",
    );
    restarting = (async () => {
      await stopRunner(r, { ms: OLD_POOL_STOP_MS, end: false });
      workerIds.length = 0;
      for (let wait = 500; !stopping; wait = Math.min(wait * 2, 5000)) {
        await sleep(wait);
        if (stopping) return;
        try {
          runner = await startRunner();
          watch(runner);
          queueLog.warn("the job queue runs again");
          return;
        } catch (e) {
          queueLog.warn({ err: (e as Error).message }, "the job queue could not start yet");
        }
      }
    })();
  };
  const watch = (r: Runner) => {
    r.promise.then(
      () => replace(r, new Error("the worker pool stopped")),
      (err: unknown) => replace(r, err),
    );
  };
  watch(runner);
  const processId = newProcessId();
  const tick = async () => {
    try {
      await beat(deps.sql, processId, workerIds);
      const freed = await sweepDeadWorkers(
        deps.sql,
        opts.deadAfterMs ?? deps.config.workerDeadAfterMs ?? WORKER_DEAD_AFTER_MS,
      );
      if (freed.length) queueLog.warn({ workerIds: freed }, "jobs of dead workers released");
    } catch (err) {
      queueLog.warn({ err: (err as Error).message }, "worker heartbeat failed");
    }
  };
  let beating = tick();
  const timer = setInterval(
    () => {
      beating = beating.then(tick);
    },
    opts.heartbeatMs ?? deps.config.workerHeartbeatMs ?? 10_000,
  );
  timer.unref();
  return {
    running: () => runner !== undefined && !stopping,
    recover: (err) => {
      if (runner) replace(runner, err);
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      await restarting;
      const r = runner;
      runner = undefined;
      if (r) await stopRunner(r, { end: true });
      await beating;
      await endBeat(deps.sql, processId).catch(() => {});
    },
  };
}
