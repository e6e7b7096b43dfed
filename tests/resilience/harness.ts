import crypto from "node:crypto";
import path from "node:path";
import { Meilisearch } from "meilisearch";
import { inject } from "vitest";
import { newSigningKeyPem } from "../../src/authenticity/keys.ts";
import { closeRateLimits } from "../../src/http/rate-limit.ts";
import { REBUTTAL_INDEX } from "../../src/library/meili/rebuttal-index.ts";
import { type ChorusNode, startNode } from "../deploy/nodes.ts";
import { contextOn, createTestContext, type TestContext } from "../support/context.ts";
import { createApiToken, createOrganisation, signedInUser } from "../support/factories.ts";
import { createTriagedCase, healthChainCast, revisionBody } from "../support/review-factories.ts";
import {
  onCleanUp,
  privateMeilisearch,
  privatePostgres,
  type Restartable,
  tempRoot,
  trackPid,
} from "./services.ts";

export { cleanUp } from "./services.ts";

export interface StackOptions {
  /** `private`: a Postgres of this file's own, which the scenario may stop. */
  postgres?: "shared" | "private";
  /** `private`: a Meilisearch of this file's own, which the scenario may stop. */
  meilisearch?: "shared" | "private";
  /** More environment for the nodes and the test's own Deps (SMTP_URL …). */
  env?: Record<string, string>;
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * Starts one API node and one worker node (separate processes) over this file's database, and
 * the people who publish through the API: the health review chain, and a media organisation
 * with an API token (socket.io) and a signed-in member (its deliveries).
 * @example const stack = await startStack({ meilisearch: "private" }); … afterAll(cleanUp);
 */
export async function startStack(opts: StackOptions = {}) {
  const root = tempRoot();
  const meili =
    opts.meilisearch === "private"
      ? await privateMeilisearch(root)
      : { meili: undefined, key: inject("meiliKey") };
  const meiliEnv = {
    MEILI_URL: meili.meili?.url ?? inject("meiliUrl"),
    MEILI_KEY: meili.key,
  };
  let pg: Restartable | undefined;
  let ctx: TestContext;
  if (opts.postgres === "private") {
    const own = await privatePostgres(root);
    pg = own.pg;
    ctx = contextOn(
      {
        databaseUrl: own.databaseUrl,
        indexPrefix: `r_${crypto.randomBytes(6).toString("hex")}_`,
        ...toServices(meiliEnv),
      },
      { WEBHOOK_ALLOW_PRIVATE: "true", ...opts.env },
    );
  } else {
    ctx = await createTestContext({ WEBHOOK_ALLOW_PRIVATE: "true", ...meiliEnv, ...opts.env });
  }
  onCleanUp(async () => {
    await closeRateLimits(ctx.deps);
    await ctx.close();
  });

  const env: Record<string, string> = {
    NODE_ENV: "test",
    DATABASE_URL: ctx.databaseUrl,
    ...meiliEnv,
    MEILI_INDEX_PREFIX: ctx.indexPrefix,
    DATA_DIR: path.join(root, "data"),
    PUBLIC_URL: "http://chorus.test",
    SEED_DEMO: "false",
    WEBHOOK_ALLOW_PRIVATE: "true",
    SIGNING_KEY: newSigningKeyPem(),
    // The heartbeat sweep's test intervals: a dead worker's locks are freed after 2 s unseen.
    WORKER_HEARTBEAT_MS: "300",
    WORKER_DEAD_AFTER_MS: "2000",
    WORKER_CONCURRENCY: "8",
    DATABASE_POOL_SIZE: "6",
    SHUTDOWN_GRACE_MS: "5000",
    ...opts.env,
  };
  const node = async (role: "api" | "worker") => {
    const n = await startNode(role, env);
    trackPid(n.child.pid);
    onCleanUp(() => n.kill("SIGKILL"));
    return n;
  };
  const [api, worker] = await Promise.all([node("api"), node("worker")]);
  const workers: ChorusNode[] = [worker];
  await waitUntil("the API node is ready", async () => {
    const ready = await probe(`${api.url}/readyz`, {}, 5000);
    return ready.json?.status === "ready" || anyExited(api, worker);
  });
  const dead = [api, worker].filter((n) => n.child.exitCode !== null);
  if (dead.length)
    throw new Error(`a node exited at start:\n${dead.map((n) => n.output()).join("\n")}`);

  const cast = await healthChainCast(ctx);
  const media = await createOrganisation(ctx.sql, { kind: "media" });
  const mediaToken = (await createApiToken(ctx.sql, media.id, ["feed:read"])).token;
  const mediaPerson = await signedInUser(ctx.sql, ["media"], { organisationId: media.id });

  return {
    ctx,
    sql: ctx.sql,
    env,
    api,
    workers,
    postgres: pg,
    meilisearch: meili.meili as Restartable | undefined,
    media,
    mediaToken,
    mediaPerson,
    cast,
    /** Starts one more worker process. */
    async startWorker() {
      const w = await node("worker");
      workers.push(w);
      return w;
    },
    /** The Chorus processes that are not running any more (none should be, unless killed). */
    exited: () =>
      [api, ...workers]
        .filter((n) => n.child.exitCode !== null || n.child.signalCode !== null)
        .map(
          (n) =>
            `${n.role} ${n.child.pid} (${n.child.exitCode ?? n.child.signalCode})` +
            // What a process that ended by itself said last, to show why.
            (n.child.exitCode !== null ? `: ${n.output().slice(-2500)}` : ""),
        ),
  };
}

function anyExited(...nodes: ChorusNode[]): boolean {
  return nodes.some((n) => n.child.exitCode !== null);
}

/**
 * Polls `done` (which reads everything it decides on) until it says true, for set-up steps
 * outside a test; throws naming `what` after `timeoutMs`.
 */
export async function waitUntil(what: string, done: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await done()) return;
    await pause(250);
  }
  throw new Error(`timed out waiting until ${what}`);
}

function toServices(env: { MEILI_URL: string; MEILI_KEY: string }) {
  return { meiliUrl: env.MEILI_URL, meiliKey: env.MEILI_KEY };
}

export interface Probe {
  /** The HTTP status, or "no answer" when the request did not finish within its bound. */
  status: number | "no answer";
  headers: Headers;
  text: string;
  json?: Record<string, unknown>;
}

/**
 * A request bounded by a client timeout: it answers, or says it did not (never hangs the test).
 * @example expect((await probe(`${api.url}/readyz`)).status).not.toBe("no answer");
 */
export async function probe(url: string, init: RequestInit = {}, timeoutMs = 15_000) {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: res.status, headers: res.headers, text, json } as Probe;
  } catch {
    return { status: "no answer", headers: new Headers(), text: "" } as Probe;
  }
}

/** A JSON request to the API node as a person (`auth` headers), bounded like `probe`. */
export function callApi(
  stack: Stack,
  method: string,
  urlPath: string,
  auth?: Record<string, string>,
  body?: unknown,
) {
  return probe(`${stack.api.url}${urlPath}`, {
    method,
    headers: {
      ...(auth ?? {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/**
 * Publishes one rebuttal through the real API: a triaged case, a draft, its submission and the
 * three approvals of the fast-track health chain. Returns the published rebuttal's id.
 */
export async function publishOne(stack: Stack, n: number): Promise<string> {
  const { lead, peer, healthReviewer, publicityReviewer } = stack.cast;
  const c = await createTriagedCase(stack.sql, { lead, urgency: 1, title: `韧性测试 ${n}` });
  const expectStatus = (res: Probe, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res.json ?? {};
  };
  const claim = `网传第${n}条：喝醋能杀灭病毒`;
  const draft = expectStatus(
    await callApi(stack, "POST", `/api/v1/cases/${c.id}/revisions`, lead.auth, {
      ...revisionBody(),
      claim,
      title: `第${n}条：喝醋不能杀灭病毒`,
    }),
    201,
    "draft",
  );
  const revision = String(draft.id);
  expectStatus(
    await callApi(stack, "POST", `/api/v1/revisions/${revision}/submit`, lead.auth, {}),
    201,
    "submit",
  );
  let outcome: unknown;
  for (const who of [peer, healthReviewer, publicityReviewer]) {
    outcome = expectStatus(
      await callApi(stack, "POST", `/api/v1/revisions/${revision}/decisions`, who.auth, {
        decision: "approve",
        comment: "",
      }),
      201,
      "approve",
    ).outcome;
  }
  if (outcome !== "published") throw new Error(`the last approval answered ${outcome}`);
  const [row] = await stack.sql`select id from rebuttals where case_id = ${c.id}`;
  return row!.id as string;
}

/** Publishes `count` rebuttals, `parallel` at a time; returns their ids in order. */
export async function publishBurst(
  stack: Stack,
  count: number,
  opts: { from?: number; parallel?: number } = {},
): Promise<string[]> {
  const from = opts.from ?? 0;
  const ids: string[] = new Array(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      ids[i] = await publishOne(stack, from + i);
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? 4 }, lane));
  return ids;
}

/**
 * The public events that `got` lacks, read together with the events themselves (poll it). Each
 * missing event comes with the state of its deliveries and queue jobs, so a poll that times out
 * says where the event stopped (not delivered yet, retrying, dead, a job left locked…).
 */
export async function eventsMissing(stack: Stack, got: () => string[]) {
  const events = await publicEventIds(stack);
  const have = new Set(got());
  const ids = events.filter((id) => !have.has(id));
  const missing = ids.length === 0 ? [] : await deliveryState(stack, ids);
  return { events: events.length, missing };
}

/** Each event's deliveries and the queue jobs naming it, as one line each. */
async function deliveryState(stack: Stack, eventIds: string[]) {
  const deliveries = await stack.sql`
    select id, event_id, channel, status, attempts, next_attempt_at, last_status, last_error
    from deliveries where event_id = any(${eventIds}::uuid[]) order by created_at`;
  const jobs = await stack.sql`
    select t.identifier as task, j.payload::text as payload, j.attempts, j.max_attempts, j.run_at,
      j.locked_at, j.locked_by, j.last_error
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id`;
  return eventIds.map((id) => {
    const mine = deliveries.filter((d) => d.eventId === id);
    const named = [id, ...mine.map((d) => d.id as string)];
    return {
      id,
      deliveries: mine.map((d) => JSON.stringify(d)),
      jobs: jobs
        .filter((j) => named.some((n) => (j.payload as string).includes(n)))
        .map((j) => JSON.stringify(j)),
    };
  });
}

/** The ids of the public events (published, updated, retracted) in seq order. */
export async function publicEventIds(stack: Stack): Promise<string[]> {
  const rows = await stack.sql`select id from events where seq is not null order by seq`;
  return rows.map((r) => r.id as string);
}

/** Deliveries by status (`delivered:12`), for polls that read every value they assert. */
export async function deliveryStatuses(stack: Stack, subscriptionIds: string[]) {
  const rows = await stack.sql`
    select status, count(*)::int as n from deliveries
    where subscription_id = any(${subscriptionIds}) group by status order by status`;
  return rows.map((r) => `${r.status}:${r.n}`);
}

/**
 * How this stack's Meilisearch index differs from Postgres: live rebuttals it lacks, and
 * documents that are not live rebuttals (retracted ones). Both empty when they agree.
 */
export async function searchIndexDiff(stack: Stack) {
  const meili = new Meilisearch({ host: stack.env.MEILI_URL!, apiKey: stack.env.MEILI_KEY });
  const index = meili.index(`${stack.env.MEILI_INDEX_PREFIX}${REBUTTAL_INDEX}`);
  const [indexed, live] = await Promise.all([
    index.getDocuments({ fields: ["id"], limit: 100_000 }).then(
      (page) => new Set(page.results.map((d) => String(d.id))),
      () => new Set<string>(),
    ),
    liveRebuttalIds(stack),
  ]);
  const isLive = new Set(live);
  return {
    missing: live.filter((id) => !indexed.has(id)),
    notLive: [...indexed].filter((id) => !isLive.has(id)),
  };
}

/** The ids of the live (not retracted, not drill) rebuttals in Postgres. */
export async function liveRebuttalIds(stack: Stack): Promise<string[]> {
  const rows = await stack.sql`
    select id from rebuttals where status = 'live' and not drill order by id`;
  return rows.map((r) => r.id as string);
}

/** Sleeps; for letting faults last a while, never for asserting timing. */
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
