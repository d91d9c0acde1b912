/**
 * Reading ahead while writing: FETCH and SEARCH need one store read per message for bodies and
 * summaries, and waiting for each in turn leaves the database idle while the client is served.
 * `prefetch` keeps a few loads in flight, bounded by count and by the bytes they may bring in, and
 * yields the results in order.
 *
 * @module
 */

/** Most loads in flight. */
const WINDOW = 16;
/** Most message bytes (by their stored size) in flight, so big messages are read one by one. */
const WINDOW_BYTES = 4 * 1024 * 1024;

/** `load(item)` for each item, started ahead of need, yielded in order with its result. */
export async function* prefetch<T, R>(items: readonly T[], size: (t: T) => number, load: (t: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const inFlight: { item: T; p: Promise<R>; bytes: number }[] = [];
  let next = 0;
  let bytes = 0;
  const fill = () => {
    while (next < items.length && inFlight.length < WINDOW && (inFlight.length === 0 || bytes + size(items[next]!) <= WINDOW_BYTES)) {
      const item = items[next++]!;
      const p = load(item);
      // Observed at once: if the consumer stops early, a later failure is not "unhandled".
      p.catch(() => {});
      const b = size(item);
      bytes += b;
      inFlight.push({ item, p, bytes: b });
    }
  };
  fill();
  while (inFlight.length) {
    const head = inFlight.shift()!;
    bytes -= head.bytes;
    const r = await head.p;
    fill();
    yield [head.item, r];
  }
}
