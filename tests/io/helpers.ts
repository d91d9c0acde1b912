// Shared fixtures for the io tests: byte/string conversion, in-memory streams, split points.

/** Latin1 string to bytes, so tests can write any byte as a char. */
export function b(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Bytes to a latin1 string (for readable assertions). */
export function s(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

/** A pull-based stream delivering exactly these chunks, one per pull. */
export function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (i < chunks.length) c.enqueue(chunks[i++]);
        else c.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/** Cut `data` at the given offsets. */
export function cut(data: Uint8Array, points: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(data.subarray(prev, p));
    prev = p;
  }
  out.push(data.subarray(prev));
  return out;
}

/**
 * Every way of delivering `data` worth trying: whole, split at every single point, at every
 * pair of points (when short enough), and byte by byte.
 */
export function* splits(data: Uint8Array, pairsUpTo = 48): Generator<Uint8Array[]> {
  const n = data.length;
  yield [data];
  for (let i = 0; i <= n; i++) yield cut(data, [i]);
  if (n <= pairsUpTo) {
    for (let i = 1; i < n; i++) for (let j = i + 1; j < n; j++) yield cut(data, [i, j]);
  }
  yield Array.from({ length: n }, (_, i) => data.subarray(i, i + 1));
}

/** Concatenate chunks. */
export function join(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export { rng } from "../helpers/random.ts";

/** Random string over `alphabet`. */
export function randomText(rand: () => number, alphabet: string, maxLen: number): string {
  const n = Math.floor(rand() * (maxLen + 1));
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(rand() * alphabet.length)];
  return out;
}

/** Random cut points for `data`. */
export function randomCut(rand: () => number, data: Uint8Array, maxPieces = 8): Uint8Array[] {
  const k = Math.floor(rand() * maxPieces);
  const pts = Array.from({ length: k }, () => Math.floor(rand() * (data.length + 1))).sort((x, y) => x - y);
  return cut(data, pts);
}

/**
 * Record unhandled promise rejections while `fn` runs (plus a few turns after), on every
 * runtime: Node and Bun emit a process event, Deno a global event.
 */
export async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const g = globalThis as unknown as {
    process?: { on(e: string, f: (r: unknown) => void): void; off(e: string, f: (r: unknown) => void): void };
    Deno?: unknown;
    addEventListener?: (e: string, f: (ev: Event) => void) => void;
    removeEventListener?: (e: string, f: (ev: Event) => void) => void;
  };
  const onProc = (r: unknown) => seen.push(r);
  const onEvent = (ev: Event) => {
    ev.preventDefault();
    seen.push((ev as unknown as { reason: unknown }).reason);
  };
  const useEvent = g.Deno !== undefined && typeof g.addEventListener === "function";
  if (useEvent) g.addEventListener!("unhandledrejection", onEvent);
  else g.process?.on("unhandledRejection", onProc);
  try {
    await fn();
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
  } finally {
    if (useEvent) g.removeEventListener!("unhandledrejection", onEvent);
    else g.process?.off("unhandledRejection", onProc);
  }
  return seen;
}
