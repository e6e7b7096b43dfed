import path from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const url = (protocols: string[]) =>
  z
    .string()
    .url("must be a URL")
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(" or ")}`,
    });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: url(["http", "https"]).optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: url(["postgres", "postgresql"]).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  MEILI_URL: url(["http", "https"]).optional(),
  MEILI_KEY: z.string().min(1).optional(),
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, "may use only A-Z a-z 0-9 - _")
    .default(""),
  SEARCH_CACHE_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  INTAKE_MATCH_CACHE_MS: z.coerce.number().int().min(0).max(1000).default(1000),
  SMTP_URL: url(["smtp", "smtps"]).optional(),
  MAIL_FROM: z.string().min(3).default("Chorus 应急科普 <no-reply@chorus.local>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  ROLE: z.enum(["all", "api", "worker"]).default("all"),
  RUN_WORKERS: booleanFlag.default(true),
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  WORKER_DEAD_AFTER_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(1000).max(600_000).default(25_000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(20),
  SEED_DEMO: booleanFlag.optional(),
  WEBHOOK_ALLOW_PRIVATE: booleanFlag.default(false),
  TRUST_PROXY: booleanFlag.default(false),
  EFFECT_COUNTING: booleanFlag.default(true),
  OCR_WAIT_MS: z.coerce.number().int().min(0).max(120_000).default(8_000),
  SIGNING_KEY: z
    .string()
    .includes("-----BEGIN PRIVATE KEY-----", { message: "must be a PKCS#8 PEM private key" })
    .optional(),
  SIGNING_KEY_FILE: z.string().min(1).optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  PG_DUMP: z.string().min(1).optional(),
});

export type Env = z.input<typeof envSchema>;

/** The whole configuration of a Chorus process, resolved once at start. */
export type Config = ReturnType<typeof toConfig>;

/** A configuration value that stops start-up; the message names each variable and its fault. */
export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment into a Config, or throws a ConfigError naming every bad variable.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== undefined && v !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({
        variable: String(i.path[0] ?? "?"),
        message: i.message,
      })),
    );
  }
  return toConfig(parsed.data, cwd);
}

function toConfig(e: z.output<typeof envSchema>, cwd: string) {
  const production = e.NODE_ENV === "production";
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    meiliUrl: e.MEILI_URL,
    meiliKey: e.MEILI_KEY,
    meiliIndexPrefix: e.MEILI_INDEX_PREFIX,
    searchCacheMs: e.SEARCH_CACHE_MS,
    /** How long intake reuses the library's match for the same folded text (ADR 0230; 0: off). */
    intakeMatchCacheMs: e.INTAKE_MATCH_CACHE_MS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    outboxDir: path.join(dataDir, "outbox"),
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    /** all: HTTP + socket.io + jobs; api: HTTP + socket.io; worker: jobs (`RUN_WORKERS=false` makes all an api node). */
    role: e.ROLE === "all" && !e.RUN_WORKERS ? ("api" as const) : e.ROLE,
    runWorkers: e.ROLE === "worker" || (e.ROLE === "all" && e.RUN_WORKERS),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    /** How often a worker process says it is alive, and after how long unseen its job locks are freed. */
    workerHeartbeatMs: e.WORKER_HEARTBEAT_MS,
    workerDeadAfterMs: e.WORKER_DEAD_AFTER_MS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    seedDemo: production ? false : (e.SEED_DEMO ?? true),
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
    trustProxy: e.TRUST_PROXY,
    /** Count rebuttal views and public searches for the effect figures (ADR 0180); false: off. */
    effectCounting: e.EFFECT_COUNTING,
    /** How long a report with an image waits for OCR before answering that it is still being read. */
    ocrWaitMs: e.OCR_WAIT_MS,
    signingKey: signingKeySource(e, dataDir, cwd),
    /** Bearer token Prometheus presents at /metrics; without it only loopback, never production. */
    metricsToken: e.METRICS_TOKEN,
    /** pg_dump for `npm run backup` (pg_restore beside it); unset: PATH's when it fits the server. */
    pgDump: e.PG_DUMP,
  };
}

/** Where the Ed25519 signing key comes from: an inline PEM, a file, or DATA_DIR (made on first use). */
export type SigningKeySource =
  | { kind: "pem"; pem: string }
  | { kind: "file"; path: string; generate: boolean };

function signingKeySource(e: z.output<typeof envSchema>, dataDir: string, cwd: string) {
  if (e.SIGNING_KEY) return { kind: "pem", pem: e.SIGNING_KEY } as SigningKeySource;
  if (e.SIGNING_KEY_FILE) {
    return {
      kind: "file",
      path: path.resolve(cwd, e.SIGNING_KEY_FILE),
      generate: false,
    } as SigningKeySource;
  }
  return {
    kind: "file",
    path: path.join(dataDir, "signing-key.pem"),
    generate: true,
  } as SigningKeySource;
}

/** For entry points: the configuration, or the named problems on stderr and exit code 2. */
export function loadConfigOrExit(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
}
