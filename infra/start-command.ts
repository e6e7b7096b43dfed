import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

const root = path.resolve(import.meta.dirname, "..");

/** How one Chorus process is started: node's flags, the entry, its own arguments, extra env. */
export interface StartCommand {
  /** Node's options, from the command line and `NODE_OPTIONS` together, in order. */
  nodeFlags: string[];
  entry: string;
  args: string[];
  env: Record<string, string>;
}

/** The argument vector for `spawn(process.execPath, …)`, with `NODE_OPTIONS` folded in. */
export const argvOf = (c: StartCommand): string[] => [...c.nodeFlags, c.entry, ...c.args];

/** The command as a shell line, environment first (for printed tables). */
export const shellLineOf = (c: StartCommand): string =>
  [...Object.entries(c.env).map(([k, v]) => `${k}=${v}`), "node", ...argvOf(c)].join(" ");

const split = (s: string | undefined) => (s ?? "").split(/\s+/).filter(Boolean);

/** Environment variables of a service that are about the process, not the deployment's services. */
const PROCESS_ENV = ["ROLE", "MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_"];

/**
 * A compose service of `infra/docker-compose.yml` as the image starts it: the Dockerfile's
 * `ENTRYPOINT` after tini (`node --enable-source-maps dist/src/main.js`), the service's
 * `command`, its `NODE_OPTIONS`, `ROLE` and glibc malloc settings. Benchmarks start API nodes from this, so what they
 * measure cannot drift from what ships.
 * @example spawn(process.execPath, argvOf(imageStart("api-1")))
 */
export function imageStart(service: string): StartCommand {
  const dockerfile = fs.readFileSync(path.join(root, "infra/Dockerfile"), "utf8");
  const entrypoint = JSON.parse(dockerfile.match(/^ENTRYPOINT\s+(\[.*\])\s*$/m)?.[1] ?? "[]");
  const node = (entrypoint as string[]).indexOf("node");
  if (node < 0) throw new Error("infra/Dockerfile: no node in ENTRYPOINT");
  const after = (entrypoint as string[]).slice(node + 1);
  const entryAt = after.findIndex((a) => !a.startsWith("-"));
  const svc = composeServices()[service];
  if (!svc) throw new Error(`infra/docker-compose.yml: no service ${service}`);
  const environment = svc.environment ?? {};
  return {
    nodeFlags: [...after.slice(0, entryAt), ...split(environment.NODE_OPTIONS)],
    entry: after[entryAt]!,
    args: [...after.slice(entryAt + 1), ...(svc.command ?? [])],
    env: Object.fromEntries(
      PROCESS_ENV.filter((k) => k in environment).map((k) => [k, environment[k]!]),
    ),
  };
}

/** The services of `infra/docker-compose.yml`, as YAML reads them (anchors merged). */
function composeServices(): Record<
  string,
  { command?: string[]; environment?: Record<string, string> }
> {
  const compose = YAML.parse(fs.readFileSync(path.join(root, "infra/docker-compose.yml"), "utf8"), {
    merge: true,
  }) as { services: Record<string, { command?: string[]; environment?: Record<string, string> }> };
  return compose.services;
}

/**
 * The server settings compose starts Postgres with (its `-c name=value` pairs). The project's
 * own Postgres launcher (`npm start`, tests, benchmarks) starts with the same, so a benchmark
 * measures the buffer cache and connection limit that ship (ADR 0280).
 * @example composePostgresSettings() // { max_connections: "200", shared_buffers: "1GB" }
 */
export function composePostgresSettings(): Record<string, string> {
  const command = composeServices().postgres?.command ?? [];
  const settings: Record<string, string> = {};
  command.forEach((word, i) => {
    if (word !== "-c") return;
    const [name, ...value] = (command[i + 1] ?? "").split("=");
    if (name && value.length) settings[name] = value.join("=");
  });
  return settings;
}

/**
 * A package.json script of the form `[NAME=value …] [exec] node FLAGS ENTRY ARGS`
 * (`npm run start:api`).
 * `--import tsx` stays among the flags; the entry is the first word that is neither a flag nor
 * a flag's value.
 * @example scriptStart("start:api").entry // "dist/src/main.js"
 */
export function scriptStart(script: string): StartCommand {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts: Record<string, string>;
  };
  const words = split(pkg.scripts[script]);
  const env: Record<string, string> = {};
  while (/^[A-Z_]+=/.test(words[0] ?? "")) {
    const [name, ...value] = words.shift()!.split("=");
    env[name!] = value.join("=");
  }
  if (words[0] === "exec") words.shift();
  if (words.shift() !== "node") throw new Error(`package.json ${script}: not a node command`);
  const flags: string[] = [];
  while (words[0]?.startsWith("-")) {
    const flag = words.shift()!;
    flags.push(flag);
    if ((flag === "--import" || flag === "--require" || flag === "-r") && words.length)
      flags.push(words.shift()!);
  }
  const entry = words.shift();
  if (!entry) throw new Error(`package.json ${script}: no entry`);
  return { nodeFlags: flags, entry, args: words, env };
}

/**
 * The same command run from the TypeScript sources under tsx, as `npm start` runs them:
 * `dist/src/main.js` becomes `--import tsx src/main.ts` (tsx maps stack traces itself, so
 * `--enable-source-maps` is left out).
 * @example argvOf(fromSource(imageStart("api-1"))) // [--max-old-space-size=256, --import, tsx, src/main.ts, --role=api]
 */
export function fromSource(c: StartCommand): StartCommand {
  if (!c.entry.startsWith("dist/")) return c;
  return {
    ...c,
    nodeFlags: [...c.nodeFlags.filter((f) => f !== "--enable-source-maps"), "--import", "tsx"],
    entry: c.entry.slice("dist/".length).replace(/\.js$/, ".ts"),
  };
}
