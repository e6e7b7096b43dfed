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

type Reply = {
  id?: number;
  text?: string;
  ms?: number;
  timings?: Record<string, number>;
  error?: string;
};

/** One OCR thread with the readings it owes: a thread that exits fails only its own. */
interface Reader {
  thread: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
}

let reader: Reader | undefined;
let keepLoaded = false;
let idleMs = 60_000;
let idleTimer: NodeJS.Timeout | undefined;
const inFlight = new Map<string, Promise<OcrResult>>();
let nextId = 1;

function start(): Reader {
  const thread = new Worker(new URL("./ocr-worker.mjs", import.meta.url));
  const pending = new Map<number, Pending>();
  const ready = new Promise<void>((resolve, reject) => {
    thread.once("message", () => resolve());
    thread.once("error", reject);
  });
  ready.catch(() => undefined);
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const self: Reader = { thread, ready, pending };
  thread.on("message", (m: Reply) => {
    if (m.id === undefined) return;
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (!p) return;
    if (m.error !== undefined) p.reject(new Error(`OCR failed: ${m.error}`));
    else p.resolve({ text: m.text ?? "", ms: m.ms ?? 0, timings: m.timings });
    if (pending.size === 0 && reader === self) scheduleUnload();
  });
  thread.on("error", (err) => failAll(err));
  thread.on("exit", () => {
    if (reader === self) reader = undefined;
    failAll(new Error("OCR worker exited"));
  });
  thread.unref();
  return self;
}

// The models take ~130 MB once loaded: a process that reads images only now and then (an API
// node) gives the memory back after `idleMs` without a reading; a worker keeps them loaded.
function scheduleUnload() {
  clearTimeout(idleTimer);
  if (keepLoaded) return;
  idleTimer = setTimeout(() => {
    if (reader && reader.pending.size === 0) void stopOcr();
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
  reader ??= start();
  const r = reader;
  const id = nextId++;
  const reading = new Promise<OcrResult>((resolve, reject) => {
    r.pending.set(id, { resolve, reject });
    r.thread.postMessage({ id, image: new Uint8Array(image) });
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
  reader ??= start();
  const r = reader;
  await r.ready;
  if (r.pending.size === 0 && reader === r) scheduleUnload();
}

/** Whether the OCR models are loaded in this process now. */
export const ocrLoaded = (): boolean => reader !== undefined;

/** Stops the OCR worker (idle, tests, shutdown); the next reading starts a new one. */
export async function stopOcr(): Promise<void> {
  clearTimeout(idleTimer);
  const r = reader;
  reader = undefined;
  await r?.thread.terminate();
}
