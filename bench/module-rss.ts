/**
 * `npx tsx --expose-gc bench/module-rss.ts [module …]`: what importing each module of the API
 * costs in resident memory. Imports them one after another in this process (each one's cost is
 * what it adds to those before it) and prints RSS and V8 heap after a full GC. With `--dist` it
 * imports the compiled modules of `npm run build` (dist/…/*.js, what the image runs) instead of
 * the sources, to compare the loaders (tsx stays loaded in both: read the deltas).
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
const compiled = process.argv.includes("--dist");
const root = path.resolve(import.meta.dirname, compiled ? "../dist" : "..");
const ext = compiled ? ".js" : ".ts";
const modules = process.argv.slice(2).filter((a) => a !== "--dist");
let last = measure();
console.log(`${"start".padEnd(32)} RSS ${mb(last.rss)} MB  heap ${mb(last.heap)} MB`);
for (const m of modules.length ? modules : DEFAULT) {
  const file = ext === ".js" ? m.replace(/\.ts$/, ".js") : m;
  await import(pathToFileURL(path.join(root, file)).href);
  const now = measure();
  console.log(
    `${m.padEnd(32)} RSS ${mb(now.rss)} MB (+${mb(now.rss - last.rss)})  heap ${mb(now.heap)} MB (+${mb(now.heap - last.heap)})  external ${mb(now.external)} MB`,
  );
  last = now;
}
