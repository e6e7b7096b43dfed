import { Worker } from "node:worker_threads";

/** What the OCR worker read from one image. */
export interface OcrResult {
  text: string;
  ms: number;
}

interface Pending {
  resolve(r: OcrResult): void;
  reject(e: Error): void;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
const inFlight = new Map<string, Promise<OcrResult>>();
let nextId = 1;
let ready: Promise<void> | undefined;

function start(): Worker {
  const w = new Worker(new URL("./ocr-worker.mjs", import.meta.url));
  ready = new Promise((resolve, reject) => {
    w.once("message", () => resolve());
    w.once("error", reject);
  });
  w.on("message", (m: { id?: number; text?: string; ms?: number; error?: string }) => {
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!p) return;
    if (m.error !== undefined) p.reject(new Error(`OCR failed: ${m.error}`));
    else p.resolve({ text: m.text ?? "", ms: m.ms ?? 0 });
  });
  w.on("error", (err) => failAll(err));
  w.on("exit", () => {
    worker = undefined;
    failAll(new Error("OCR worker exited"));
  });
  w.unref();
  return w;
}

function failAll(err: Error) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

/**
 * Reads the text of an image in the OCR worker thread (one per process, started on first use,
 * requests queued in order): the event loop never runs the model. The same image asked for
 * twice while it is being read shares one reading.
 * @example const { text } = await recogniseText(png, sha256);
 */
export function recogniseText(image: Buffer, key: string): Promise<OcrResult> {
  const running = inFlight.get(key);
  if (running) return running;
  worker ??= start();
  const id = nextId++;
  const reading = new Promise<OcrResult>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage({ id, image: new Uint8Array(image) });
  }).finally(() => inFlight.delete(key));
  inFlight.set(key, reading);
  return reading;
}

/** Starts the OCR worker and waits until its models are loaded (at start-up, so the first report does not pay for it). */
export async function startOcr(): Promise<void> {
  worker ??= start();
  await ready;
}

/** Stops the OCR worker (tests, shutdown); the next reading starts a new one. */
export async function stopOcr(): Promise<void> {
  const w = worker;
  worker = undefined;
  await w?.terminate();
}
