import { EventEmitter } from "node:events";
import {
  Logger as QueueLogger,
  type Runner,
  run,
  type TaskList,
  type WorkerEvents,
} from "graphile-worker";
import type { Deps } from "../src/deps.ts";
import type { Task } from "../src/jobs/task.ts";
import {
  beat,
  endBeat,
  newProcessId,
  sweepDeadWorkers,
  WORKER_DEAD_AFTER_MS,
} from "./heartbeat.ts";
import { allTasks } from "./tasks.ts";

export interface Workers {
  /** Stops taking jobs and waits for the ones in flight to finish. */
  stop(): Promise<void>;
  running(): boolean;
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
  let active = true;
  const events: WorkerEvents = new EventEmitter();
  const workerIds: string[] = [];
  // Jobs are locked in the name of the pool (graphile-worker 0.17), not of its workers.
  events.on("pool:create", ({ workerPool }) => workerIds.push(workerPool.id));
  events.on("worker:create", ({ worker }) => workerIds.push(worker.workerId));
  const concurrency = opts.concurrency ?? deps.config.workerConcurrency;
  const runner: Runner = await run({
    events,
    connectionString: deps.databaseUrl,
    concurrency,
    // graphile-worker warns at start when its pool (default 10) is smaller than its concurrency.
    maxPoolSize: Math.max(10, concurrency + 2),
    noHandleSignals: true,
    pollInterval: opts.pollInterval ?? 1000,
    taskList: taskList(deps, (opts.tasks ?? allTasks) as Task[]),
    logger,
  });
  runner.promise.finally(() => {
    active = false;
  });
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
    running: () => active,
    async stop() {
      clearInterval(timer);
      if (active) await runner.stop();
      active = false;
      await beating;
      await endBeat(deps.sql, processId).catch(() => {});
    },
  };
}
