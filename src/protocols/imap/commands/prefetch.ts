/**
 * Reading ahead while writing: FETCH and SEARCH read bodies (and, for messages stored without
 * one, summaries) from the store, and waiting for each read in turn leaves the database idle while
 * the client is served. `prefetch` keeps a few loads in flight, bounded by count and by the bytes
 * they may bring in, and yields the results in order; `prefetchGroups` does the same with one
 * load per group of messages (one store query per group instead of one per message).
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

/** Most items per group of `prefetchGroups` (the store reads at most 1000 bodies at once). */
const GROUP_COUNT = 250;
/** Most bytes per group, so the window holds several groups. */
const GROUP_BYTES = 1024 * 1024;

/**
 * Consecutive groups of at most GROUP_COUNT items and GROUP_BYTES by `size` (an item bigger than
 * that is a group of its own).
 */
export function groups<T>(items: readonly T[], size: (t: T) => number): T[][] {
  const out: T[][] = [];
  let group: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const b = size(item);
    if (group.length > 0 && (group.length === GROUP_COUNT || bytes + b > GROUP_BYTES)) {
      out.push(group);
      group = [];
      bytes = 0;
    }
    group.push(item);
    bytes += b;
  }
  if (group.length > 0) out.push(group);
  return out;
}

/**
 * Like `prefetch`, one load per group of items instead of per item: the store answers a group
 * with one query (messages.bodies), which is what makes FETCH BODY[] and SEARCH BODY fast. Groups
 * are read ahead within the same count and byte window; results come back item by item, in order.
 * `load` must answer one result per item of its group, in the group's order.
 */
export async function* prefetchGroups<T, R>(items: readonly T[], size: (t: T) => number, load: (group: T[]) => Promise<R[]>): AsyncGenerator<[T, R]> {
  const total = (g: T[]) => g.reduce((n, t) => n + size(t), 0);
  for await (const [group, results] of prefetch(groups(items, size), total, load)) {
    if (results.length !== group.length) throw new Error(`prefetchGroups: ${results.length} results for ${group.length} items`);
    for (let i = 0; i < group.length; i++) yield [group[i]!, results[i]!];
  }
}
