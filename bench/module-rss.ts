/**
 * `npx tsx --expose-gc bench/module-rss.ts [module …]`: what importing each module of the API
 * costs in resident memory. Imports them one after another in this process (each one's cost is
 * what it adds to those before it) and prints RSS and V8 heap after a full GC; run it with
 * `node --import tsx` or compiled (`node dist/bench/module-rss.js`) to compare the loaders.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";

const DEFAULT = [
  "src/text/normalize.ts",
  "src/text/pinyin.ts",
  "src/text/segment.ts",
  "src/library/query-terms.ts",
  "src/library/search.ts",
  "src/http/app.ts",
  "src/routes.ts",
  "src/start.ts",
];
const mb = (b: number) => (b / 1024 / 1024).toFixed(0).padStart(4);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const measure = () => {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external + m.arrayBuffers };
};
const root = path.resolve(import.meta.dirname, "..");
const ext = import.meta.url.endsWith(".js") ? ".js" : ".ts";
let last = measure();
console.log(`${"start".padEnd(32)} RSS ${mb(last.rss)} MB  heap ${mb(last.heap)} MB`);
for (const m of process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT) {
  const file = ext === ".js" ? m.replace(/\.ts$/, ".js") : m;
  await import(pathToFileURL(path.join(root, file)).href);
  const now = measure();
  console.log(
    `${m.padEnd(32)} RSS ${mb(now.rss)} MB (+${mb(now.rss - last.rss)})  heap ${mb(now.heap)} MB (+${mb(now.heap - last.heap)})  external ${mb(now.external)} MB`,
  );
  last = now;
}
