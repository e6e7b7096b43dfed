import fs from "node:fs";

/** The bearer token benches give an API node they start, to read its /metrics. */
export const METRICS_TOKEN = "bench-api-memory-metrics-token";

/** A process's resident memory in MB, from `/proc/PID/status` (0 once it has exited). */
export function rssMb(pid: number): number {
  const status = fs.existsSync(`/proc/${pid}/status`)
    ? fs.readFileSync(`/proc/${pid}/status`, "utf8")
    : "";
  return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
}

/**
 * What a process's RSS is made of as the kernel counts it, in MB: anonymous pages (V8's heap,
 * malloc arenas, stacks) and file-backed pages (node's binary, mapped libraries).
 */
export function rssSplitMb(pid: number): { anon: number; file: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name: string) => Number(status.match(new RegExp(`${name}:\\s+(\\d+)`))?.[1] ?? 0);
  return { anon: kb("RssAnon") / 1024, file: (kb("RssFile") + kb("RssShmem")) / 1024 };
}

/**
 * The API process's own memory figures (prom-client's default metrics: `process.memoryUsage()`
 * and `v8.getHeapSpaceStatistics()`), in MB.
 * @example (await heapOf("http://127.0.0.1:3000")).old
 */
export async function heapOf(base: string): Promise<Record<string, number>> {
  const text = await (
    await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const mb = (re: RegExp) => Number(text.match(re)?.[1] ?? Number.NaN) / 1024 / 1024;
  const space = (name: string, what: "total" | "used" = "total") =>
    mb(new RegExp(`^nodejs_heap_space_size_${what}_bytes\\{space="${name}"\\} (\\S+)`, "m"));
  return {
    rss: mb(/^process_resident_memory_bytes (\S+)/m),
    heapTotal: mb(/^nodejs_heap_size_total_bytes (\S+)/m),
    heapUsed: mb(/^nodejs_heap_size_used_bytes (\S+)/m),
    new: space("new"),
    old: space("old"),
    oldUsed: space("old", "used"),
    code: space("code"),
    largeObject: space("large_object"),
    external: mb(/^nodejs_external_memory_bytes (\S+)/m),
  };
}

/** Columns of `heapOf`'s figures for a Markdown row; `breakdownHeader` names them. */
export const breakdown = (m: Record<string, number>) =>
  `${m.rss!.toFixed(0)} | ${m.heapTotal!.toFixed(0)} (used ${m.heapUsed!.toFixed(0)}) | ${m.new!.toFixed(0)} | ${m.old!.toFixed(0)} (used ${m.oldUsed!.toFixed(0)}) | ${m.largeObject!.toFixed(0)} | ${m.code!.toFixed(0)} | ${m.external!.toFixed(0)} | ${(m.rss! - m.heapTotal! - m.external!).toFixed(0)}`;

export const breakdownHeader =
  "RSS | V8 heap | new space | old space | large objects | code | external | rest (native: code, stacks, malloc)";
