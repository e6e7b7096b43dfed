// Reads images of the screenshot set with one OCR engine in a process of its own, so that its
// memory and CPU are its own; prints one JSON object. Run by bench/images.ts:
//   node bench/screenshots/read-set.mjs ENGINE DIR FILE... (ENGINE: chorus | gutenye | tesseract)
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const [engine, dir, ...files] = process.argv.slice(2);
const rss = () => process.memoryUsage().rss;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let peak = rss();
const sampler = setInterval(() => {
  peak = Math.max(peak, rss());
}, 50);

async function open() {
  if (engine === "chorus") {
    const { createPaddleOcr } = await import("../../src/images/ocr/paddle-ocr.mjs");
    const maxSide = Number(process.env.OCR_MAX_SIDE ?? 960);
    const ocr = await createPaddleOcr({ maxSide });
    return async (bytes) => (await ocr.read(bytes)).text;
  }
  if (engine === "gutenye") {
    const { default: Ocr } = await import("@gutenye/ocr-node");
    const sharp = (await import("sharp")).default;
    const ocr = await Ocr.create();
    return async (bytes) => {
      const input = await sharp(bytes)
        .resize({ width: 960, height: 2400, fit: "inside", withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .png()
        .toBuffer();
      return (await ocr.detect(input)).map((l) => l.text).join("\n");
    };
  }
  if (engine === "tesseract") {
    const { createWorker } = await import("tesseract.js");
    // Offline: the traineddata ships in @tesseract.js-data/chi_sim; the core comes from
    // node_modules (tesseract.js-core); no CDN is asked for anything.
    const data = require("@tesseract.js-data/chi_sim");
    const worker = await createWorker("chi_sim", 1, {
      langPath: path.join(
        path.dirname(require.resolve("@tesseract.js-data/chi_sim")),
        "4.0.0_best_int",
      ),
      gzip: data.gzip,
      cacheMethod: "none",
    });
    return async (bytes) => (await worker.recognize(bytes)).data.text;
  }
  throw new Error(`unknown engine ${engine}`);
}

const started = performance.now();
const read = await open();
const loadMs = performance.now() - started;
const loadedRss = rss();
const results = [];
for (const file of files) {
  const bytes = fs.readFileSync(path.join(dir, file));
  const c0 = cpu();
  const t0 = performance.now();
  const text = await read(bytes);
  results.push({ file, text, ms: performance.now() - t0, cpuMs: cpu() - c0 });
}
clearInterval(sampler);
process.stdout.write(
  JSON.stringify({ engine, loadMs, loadedRss, peakRss: Math.max(peak, rss()), results }),
);
process.exit(0);
