import pino from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs on stdout. */
export function createLogger(opts: { level: string; name?: string }): Logger {
  return pino({
    level: opts.level,
    name: opts.name ?? "chorus",
    redact: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.token"],
  });
}
