/**
 * `npx tsx bench/heap-contents.ts`: what the API node's live V8 heap holds at rest and after
 * bench:scale's load (ADR 0260). Imports `HEAP_SIZE` generated rebuttals (default 1,000), starts
 * the API as the image does (`imageStart("api-1")`, compiled) with `--heapsnapshot-signal`,
 * takes a snapshot after the first search and one after `HEAP_SECONDS` s (default 10) of 10
 * searches and then 10 intakes at once, and prints the largest groups of objects by constructor
 * or type (self size, after the full GC a snapshot makes) and how each grew.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { freePort } from "../infra/embedded/process.ts";
import { argvOf, imageStart } from "../infra/start-command.ts";
import { importRebuttals } from "../src/library/import-rebuttals.ts";
import { generate, sentences } from "./generate-library.ts";
import {
  appEnv,
  exited,
  libraryServices,
  loadQueries,
  loadSharedData,
  reportRequest,
  searchRequest,
  untilHealthy,
} from "./library-env.ts";

const SIZE = Number(process.env.HEAP_SIZE ?? 1000);
const SECONDS = Number(process.env.HEAP_SECONDS ?? 10);

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Self size by constructor (objects), or by type (strings, code, arrays …), in bytes. */
function groups(file: string): Map<string, { size: number; count: number }> {
  const snap = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [t, n, s] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const out = new Map<string, { size: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + t!]!]!;
    const key = type === "object" ? snap.strings[snap.nodes[i + n!]!]! : `(${type})`;
    const g = out.get(key) ?? { size: 0, count: 0 };
    g.size += snap.nodes[i + s!]!;
    g.count++;
    out.set(key, g);
  }
  return out;
}

async function snapshotOf(pid: number, dir: string): Promise<string> {
  const before = new Set(fs.readdirSync(dir));
  process.kill(pid, "SIGUSR2");
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const file = fs.readdirSync(dir).find((f) => f.endsWith(".heapsnapshot") && !before.has(f));
    if (!file) continue;
    // Written when its JSON is closed: the file ends with "]}" (it grows while V8 writes it).
    const full = path.join(dir, file);
    const fd = fs.openSync(full, "r");
    const tail = Buffer.alloc(16);
    const size = fs.fstatSync(fd).size;
    fs.readSync(fd, tail, 0, 16, Math.max(0, size - 16));
    fs.closeSync(fd);
    if (tail.toString().trimEnd().endsWith("]}")) return full;
  }
}

const { dxy, cofacts } = loadSharedData();
const queries = loadQueries({ dxy, cofacts });
const env = await libraryServices();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chorus-heap-"));
try {
  await importRebuttals(env.deps, generate(sentences([...dxy, ...cofacts]), 0, SIZE));
  execFileSync(process.execPath, ["--import", "tsx", "infra/build.ts"], { stdio: "inherit" });
  const command = imageStart("api-1");
  const port = await freePort();
  const api = spawn(
    process.execPath,
    [`--heapsnapshot-signal=SIGUSR2`, `--diagnostic-dir=${dir}`, ...argvOf(command)],
    {
      env: {
        ...process.env,
        ...appEnv(env),
        ...command.env,
        PORT: String(port),
        HOST: "127.0.0.1",
      },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await untilHealthy(base, "Chorus");
    await fetch(`${base}/api/v1/rebuttals?q=${encodeURIComponent(queries[0]!)}`);
    const rest = groups(await snapshotOf(api.pid!, dir));
    let i = 0;
    await autocannon({
      url: base,
      connections: 10,
      duration: SECONDS,
      requests: [
        {
          setupRequest: (req) => ({ ...req, ...searchRequest(queries, i++) }),
        },
      ],
    });
    await autocannon({
      url: base,
      connections: 10,
      duration: SECONDS,
      requests: [
        {
          setupRequest: (req) => ({ ...req, ...reportRequest(queries, i++) }),
        },
      ],
    });
    const loaded = groups(await snapshotOf(api.pid!, dir));
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    const total = (g: Map<string, { size: number }>) =>
      [...g.values()].reduce((a, x) => a + x.size, 0);
    console.log(
      `live heap: at rest ${mb(total(rest))} MB, after load ${mb(total(loaded))} MB (${i} requests)`,
    );
    console.log("| group | at rest MB (count) | after load MB (count) | grew MB |");
    console.log("| --- | --- | --- | --- |");
    const keys = [...loaded.keys()].sort((a, b) => loaded.get(b)!.size - loaded.get(a)!.size);
    const grown = [...loaded.keys()].sort(
      (a, b) =>
        loaded.get(b)!.size -
        (rest.get(b)?.size ?? 0) -
        (loaded.get(a)!.size - (rest.get(a)?.size ?? 0)),
    );
    for (const k of [...new Set([...keys.slice(0, 20), ...grown.slice(0, 15)])]) {
      const r = rest.get(k) ?? { size: 0, count: 0 };
      const l = loaded.get(k)!;
      console.log(
        `| ${k.slice(0, 60)} | ${mb(r.size)} (${r.count}) | ${mb(l.size)} (${l.count}) | ${mb(l.size - r.size)} |`,
      );
    }
  } finally {
    api.kill("SIGTERM");
    await exited(api);
  }
} finally {
  await env.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
