import { Worker } from "node:worker_threads";

/** What the OCR worker read from one image, and where its milliseconds went. */
export interface OcrResult {
  text: string;
  ms: number;
  timings?: Record<string, number>;
}

interface Pending {
  resolve(r: OcrResult): void;
  reject(e: Error): void;
}

type Reply = { id?: number; text?: string; ms?: number; timings?: Record<string, number>; error?: string };

let worker: Worker | undefined;
let ready: Promise<void> | undefined;
let keepLoaded = false;
let idleMs = 60_000;
let idleTimer: NodeJS.Timeout | undefined;
const pending = new Map<number, Pending>();
const inFlight = new Map<string, Promise<OcrResult>>();
let nextId = 1;

function start(): Worker {
  const w = new Worker(new URL("./ocr-worker.mjs", import.meta.url));
  ready = new Promise((resolve, reject) => {
    w.once("message", () => resolve());
    w.once("error", reject);
  });
  ready.catch(() => undefined);
  w.on("message", (m: Reply) => {
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!p) return;
    if (m.error !== undefined) p.reject(new Error(`OCR failed: ${m.error}`));
    else p.resolve({ text: m.text ?? "", ms: m.ms ?? 0, timings: m.timings });
    if (pending.size === 0) scheduleUnload();
  });
  w.on("error", (err) => failAll(err));
  w.on("exit", () => {
    if (worker === w) worker = undefined;
    failAll(new Error("OCR worker exited"));
  });
  w.unref();
  return w;
}

function failAll(err: Error) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

// The models take ~130 MB once loaded: a process that reads images only now and then (an API
// node) gives the memory back after `idleMs` without a reading; a worker keeps them loaded.
function scheduleUnload() {
  clearTimeout(idleTimer);
  if (keepLoaded) return;
  idleTimer = setTimeout(() => {
    if (pending.size === 0) void stopOcr();
  }, idleMs);
  idleTimer.unref();
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
  clearTimeout(idleTimer);
  worker ??= start();
  const w = worker;
  const id = nextId++;
  const reading = new Promise<OcrResult>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.postMessage({ id, image: new Uint8Array(image) });
  }).finally(() => inFlight.delete(key));
  inFlight.set(key, reading);
  return reading;
}

/**
 * Starts the OCR worker and waits until its models are loaded. `keep: true` (the worker role)
 * keeps them loaded; otherwise they are unloaded after `idleMs` without a reading.
 * @example await startOcr({ keep: true });
 */
export async function startOcr(opts: { keep?: boolean; idleMs?: number } = {}): Promise<void> {
  keepLoaded = opts.keep ?? keepLoaded;
  idleMs = opts.idleMs ?? idleMs;
  worker ??= start();
  await ready;
  if (pending.size === 0) scheduleUnload();
}

/** Whether the OCR models are loaded in this process now. */
export const ocrLoaded = (): boolean => worker !== undefined;

/** Stops the OCR worker (idle, tests, shutdown); the next reading starts a new one. */
export async function stopOcr(): Promise<void> {
  clearTimeout(idleTimer);
  const w = worker;
  worker = undefined;
  await w?.terminate();
}
