/**
 * A small pool of worker threads running argon2 (hash-wasm) off the event loop. One argon2id hash
 * takes ~50-100 ms of CPU; on the main thread every login would stall every session for that long.
 */
import { access } from "node:fs/promises";
import { availableParallelism, cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** One argon2 computation. */
export interface Argon2Job {
  alg: "argon2id" | "argon2i" | "argon2d";
  /** UTF-8 bytes, not empty (hash-wasm refuses that). */
  password: Uint8Array;
  salt: Uint8Array;
  /** memory in KiB */
  m: number;
  t: number;
  p: number;
  len: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (h: Uint8Array) => void; reject: (e: Error) => void }>;
}

const WORKER_FILE = "password-worker.js";
let slots: Slot[] = [];
let size = 0;
let nextId = 1;
let workerPath: Promise<string> | undefined;

/** Where the worker script is: beside this module, or inside a `bun build --compile` binary. */
async function locateWorker(): Promise<string> {
  const beside = fileURLToPath(new URL(`./${WORKER_FILE}`, import.meta.url));
  // In a compiled Bun binary every bundled module reports the binary's own path (/$bunfs/root/<name>),
  // and extra entrypoints keep their path relative to the entrypoints' common folder.
  const root = dirname(beside);
  const candidates = [beside, join(root, "src", "store", WORKER_FILE), join(root, "store", WORKER_FILE)];
  for (const path of candidates) {
    try {
      await access(path);
      return path;
    } catch {
      // try the next place
    }
  }
  throw new Error(`password worker ${WORKER_FILE} not found (looked in ${candidates.join(", ")}); ` +
    "a `bun build --compile` binary must list src/store/password-worker.js as an extra entrypoint");
}

// One core stays free for the event loop: on 2 cores two hashing threads made the worst stall of a
// 5 ms timer 5-14 ms against 2-4 ms with one, for no gain in throughput (bench/store-password.ts).
function poolSize(): number {
  const n = typeof availableParallelism === "function" ? availableParallelism() : cpus().length;
  return Math.max(1, Math.min(n - 1, 4));
}

function spawn(path: string): Slot {
  // execArgv: [] keeps Node from loading the tsx loader into a worker that is plain JavaScript.
  const worker = new Worker(path, { execArgv: [] });
  const slot: Slot = { worker, pending: new Map() };
  worker.on("message", (msg: { id: number; hash?: Uint8Array; error?: string }) => {
    const p = slot.pending.get(msg.id);
    if (!p) return;
    slot.pending.delete(msg.id);
    if (slot.pending.size === 0) worker.unref();
    if (msg.hash) p.resolve(new Uint8Array(msg.hash));
    else p.reject(new Error(`password hashing failed: ${msg.error}`));
  });
  const fail = (err: Error) => {
    slots = slots.filter((s) => s !== slot);
    for (const p of slot.pending.values()) p.reject(err);
    slot.pending.clear();
  };
  worker.on("error", (e) => fail(e instanceof Error ? e : new Error(String(e))));
  worker.on("exit", (code) => fail(new Error(`password worker exited with code ${code}`)));
  // Idle workers must not keep the process alive; a busy one must, or a pending login is dropped.
  worker.unref();
  return slot;
}

/** Runs one argon2 computation on a worker thread and returns the raw hash bytes. */
export async function runArgon2(job: Argon2Job): Promise<Uint8Array> {
  workerPath ??= locateWorker();
  let path: string;
  try {
    path = await workerPath;
  } catch (e) {
    workerPath = undefined;
    throw e;
  }
  // Start the whole pool at once: starting a worker costs the main thread tens of milliseconds
  // (Deno most), better paid at the first hash than in the middle of a burst of logins.
  size ||= poolSize();
  while (slots.length < size) slots.push(spawn(path));
  const target = slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
  const id = nextId++;
  return new Promise<Uint8Array>((resolve, reject) => {
    target.pending.set(id, { resolve, reject });
    target.worker.ref();
    target.worker.postMessage({ id, ...job });
  });
}

/**
 * Starts the worker threads now rather than at the first hash (call at server start).
 * `threads` overrides the default pool size (cores less one, 1 to 4) until the next stop.
 */
export async function startPasswordWorkers(threads?: number): Promise<void> {
  workerPath ??= locateWorker();
  const path = await workerPath;
  if (threads !== undefined) size = Math.max(1, Math.floor(threads));
  size ||= poolSize();
  while (slots.length < size) slots.push(spawn(path));
}

/** Stops the worker threads (they are started again on demand). Tests and shutdown use it. */
export async function stopPasswordWorkers(): Promise<void> {
  const old = slots;
  slots = [];
  size = 0;
  await Promise.all(old.map((s) => s.worker.terminate()));
}
