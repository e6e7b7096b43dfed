import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import {
  freePort,
  portAnswers,
  type ServiceProcess,
  startService,
  stopProcess,
  waitUntilReady,
} from "../../infra/embedded/process.ts";

/** The nginx site of infra/docker-compose.yml, as the official image's entrypoint reads it. */
export const NGINX_TEMPLATE = path.resolve(
  import.meta.dirname,
  "../../infra/nginx/templates/default.conf.template",
);

/**
 * Fills `${NAME}` and `$NAME` for names starting `CHORUS_` that `vars` defines and leaves every
 * other `$` alone — the rule of the nginx image's 20-envsubst-on-templates.sh with
 * NGINX_ENVSUBST_FILTER=CHORUS_. A name left unfilled is an error here (nginx would not start).
 * @example renderTemplate("listen ${CHORUS_LISTEN};", { CHORUS_LISTEN: "8080" })
 */
export function renderTemplate(text: string, vars: Record<string, string>): string {
  const out = text.replace(
    /\$\{(CHORUS_\w*)\}|\$(CHORUS_\w*)/g,
    (whole, braced?: string, bare?: string) => vars[(braced ?? bare) as string] ?? whole,
  );
  const missing = out.match(/\$\{CHORUS_\w+\}|\$CHORUS_\w+/g);
  if (missing) throw new Error(`the nginx template needs ${[...new Set(missing)].join(", ")}`);
  return out;
}

/** The `CHORUS_…` names the template asks for. */
export function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{?(CHORUS_\w*)/g)].map((m) => m[1] as string))].sort();
}

/** Where nginx is looked for: PATH, then /usr/sbin (Debian's place, missing from a non-root PATH). */
const NGINX_DIRS = [
  ...(process.env.PATH ?? "").split(path.delimiter),
  "/usr/sbin",
  "/usr/local/sbin",
];

/** The nginx executable, or an error naming the package to install. */
export function nginxBinary(dirs = NGINX_DIRS): string {
  for (const dir of dirs) {
    const file = path.join(dir, "nginx");
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {}
  }
  throw new Error(
    `nginx is not installed (looked in ${dirs.join(", ")}): the deploy tests run ` +
      "the real nginx in front of the API nodes. Install Debian's package: apt-get install nginx " +
      "(.ci/run does).",
  );
}

export interface RunningNginx {
  url: string;
  port: number;
  /** The access log: `<client address> "<request line>" <status> <upstream address>` per line. */
  accessLog(): string[];
  stop(): Promise<void>;
}

/**
 * Runs the real nginx with infra's site template, filled only with this machine's addresses,
 * inside a main configuration like the official image's (no gzip), logging which upstream
 * served each request.
 * @example const nginx = await startNginx(["127.0.0.1:4001", "127.0.0.1:4002"]);
 */
export async function startNginx(upstreams: [string, string]): Promise<RunningNginx> {
  const bin = nginxBinary();
  const port = await freePort();
  const site = renderTemplate(fs.readFileSync(NGINX_TEMPLATE, "utf8"), {
    CHORUS_LISTEN: `127.0.0.1:${port}`,
    CHORUS_API_1: upstreams[0],
    CHORUS_API_2: upstreams[1],
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-nginx-"));
  fs.chmodSync(dir, 0o755);
  const temp = path.join(dir, "temp");
  fs.mkdirSync(path.join(dir, "conf.d"));
  fs.mkdirSync(temp, { mode: 0o777 });
  fs.chmodSync(temp, 0o777);
  fs.writeFileSync(path.join(dir, "conf.d/default.conf"), site);
  const accessLog = path.join(dir, "access.log");
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      "daemon off;",
      "worker_processes 1;",
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log notice;`,
      "events { worker_connections 1024; }",
      "http {",
      "  default_type application/octet-stream;",
      `  log_format upstream '$remote_addr "$request" $status $upstream_addr';`,
      `  access_log ${accessLog} upstream;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
        (t) => `  ${t}_temp_path ${temp}/${t};`,
      ),
      "  sendfile on;",
      "  keepalive_timeout 65;",
      `  include ${dir}/conf.d/*.conf;`,
      "}",
      "",
    ].join("\n"),
  );
  const service: ServiceProcess = startService(
    bin,
    ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")],
    { logFile: path.join(dir, "output.log") },
  );
  const withErrors = {
    ...service,
    recentOutput: () =>
      `${service.recentOutput()}\n${fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : ""}`,
  };
  try {
    await waitUntilReady("nginx", withErrors, () => portAnswers(port), 20_000);
  } catch (err) {
    if (service.child.pid) await stopProcess(service.child.pid, "SIGKILL", 1000);
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accessLog: () =>
      fs.existsSync(accessLog)
        ? fs.readFileSync(accessLog, "utf8").split("\n").filter(Boolean)
        : [],
    async stop() {
      if (service.child.pid) await stopProcess(service.child.pid, "SIGQUIT", 10_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * An HTTP request sent from a chosen loopback address (127.0.N.1), so nginx's `ip_hash` sees
 * distinct clients: it hashes the first three octets of an IPv4 address.
 * @example await requestFrom("127.0.3.1", `${nginx.url}/readyz`)
 */
export function requestFrom(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: init.method ?? "GET", headers: init.headers, localAddress, agent: false },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => {
          body += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}
