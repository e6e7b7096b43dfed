/** A V8 CPU profile as `Profiler.stop` or `node --cpu-prof` writes it (times in µs). */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount: number;
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time by function (and by file or package) from a V8 CPU profile, the heaviest first;
 * with `window` (µs from the profile's start) only the samples taken inside it.
 * @example console.log(selfTimes(profile, { from: 2e6, to: 12e6 }))
 */
export function selfTimes(profile: CpuProfile, window?: { from: number; to: number }) {
  const byNode = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.from || at > window.to)) return;
    byNode.set(id, (byNode.get(id) ?? 0) + delta / 1000);
  });
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const ms = byNode.get(n.id) ?? 0;
    total += ms;
    const file = n.callFrame.url.replace(/^.*\/(node_modules|src|bench)\//, "$1/") || "(native)";
    const fn = `${n.callFrame.functionName || "(anon)"} ${file}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
    const pkg = file.startsWith("node_modules/")
      ? file
          .split("/")
          .slice(0, file.split("/")[1]?.startsWith("@") ? 3 : 2)
          .join("/")
      : file;
    byFile.set(pkg, (byFile.get(pkg) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, ms]) =>
          `  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${k}`,
      )
      .join("\n");
  return `total ${total.toFixed(0)} ms\nby function:\n${top(byFn, 30)}\nby file/package:\n${top(byFile, 25)}`;
}
