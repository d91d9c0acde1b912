/**
 * Per-address new-connection rate limit over a sliding window (`limits.perIpPerMinute`).
 *
 * Decisions:
 *
 * - Only *accepted* connections count (as Postfix anvil does). A refused attempt costs the
 *   server almost nothing, and counting it would let a client that keeps retrying lock itself
 *   out for ever. The check and the counting are separate calls ({@link RateLimiter.allows},
 *   {@link RateLimiter.record}) so that a connection refused by a later gate step does not count
 *   either.
 * - The window is sliding, not fixed buckets: an accepted connection counts for exactly
 *   `windowMs` (it stops counting at `t + windowMs`), so with a limit of 10 the 11th connection
 *   inside *any* 60 s span is refused, including one straddling a minute boundary.
 * - Memory is bounded: each address keeps at most `limit` timestamps, addresses whose window
 *   has emptied are dropped as the limiter is used, and at most `maxTracked` addresses are kept;
 *   beyond that the least recently counted is forgotten. Forgetting means that address starts
 *   afresh — under a scan from more than `maxTracked` addresses a minute the limit becomes
 *   approximate for the oldest of them, which is the price of not growing without bound.
 * - Keys are whatever the caller passes (the gate passes canonical address text), so IPv6 is
 *   limited per address, not per /64.
 * - Time comes from `now` (milliseconds, monotonic by default) or per call, so tests drive it.
 *
 * @module
 */

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Connections allowed per window per key; 0 means no limit (nothing is tracked). */
  limit: number;
  /** Window length in milliseconds. Default 60 000. */
  windowMs?: number;
  /** Most keys tracked at once; the least recently counted is evicted beyond it. Default 65 536. */
  maxTracked?: number;
  /** Clock in milliseconds. Default `performance.now()`, which does not jump with the wall clock. */
  now?: () => number;
}

/** Default cap on tracked addresses per limiter: a few MB at worst. */
export const DEFAULT_MAX_TRACKED = 65_536;

/**
 * One tracked key: timestamps of counted connections, oldest first (the live part starts at
 * `head`), linked into the recency list.
 */
interface History {
  key: string;
  times: number[];
  head: number;
  older: History | null;
  newer: History | null;
}

function assertCount(name: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${n}`);
}

/** Sliding-window counter of events per key. */
export class RateLimiter {
  #limit: number;
  readonly #windowMs: number;
  readonly #maxTracked: number;
  readonly #now: () => number;
  readonly #keys = new Map<string, History>();
  // Recency list, least recently counted first. Not the Map's own insertion order: V8 leaves a
  // hole for every deleted entry and rescans them from the front on each iteration, which made
  // evicting under a scan from many addresses quadratic.
  #oldest: History | null = null;
  #newest: History | null = null;

  /** Creates a limiter; throws `RangeError` on a negative or fractional limit or cap. */
  constructor(options: RateLimiterOptions) {
    assertCount("limit", options.limit, 0);
    const windowMs = options.windowMs ?? 60_000;
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);
    const maxTracked = options.maxTracked ?? DEFAULT_MAX_TRACKED;
    assertCount("maxTracked", maxTracked, 1);
    this.#limit = options.limit;
    this.#windowMs = windowMs;
    this.#maxTracked = maxTracked;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Current limit per window (0: no limit). */
  get limit(): number {
    return this.#limit;
  }

  /**
   * Changes the limit, keeping what has been counted so far (a lower limit applies to the
   * connections already in the window). Setting 0 forgets everything: nothing is limited, so
   * there is no reason to keep memory.
   */
  setLimit(limit: number): void {
    assertCount("limit", limit, 0);
    this.#limit = limit;
    if (limit === 0) this.clear();
  }

  /** Number of keys currently tracked. */
  get tracked(): number {
    return this.#keys.size;
  }

  /** Whether one more event for `key` at time `now` stays within the limit. Counts nothing. */
  allows(key: string, now: number = this.#now()): boolean {
    if (this.#limit === 0) return true;
    const history = this.#keys.get(key);
    if (!history) return true;
    const live = this.#prune(history, now);
    if (live === 0) {
      this.#forget(history);
      return true;
    }
    return live < this.#limit;
  }

  /** Counts one event for `key` at time `now` (call it only for accepted connections). */
  record(key: string, now: number = this.#now()): void {
    if (this.#limit === 0) return;
    this.#dropExpired(now);
    let history = this.#keys.get(key);
    if (history) this.#unlink(history);
    else {
      history = { key, times: [], head: 0, older: null, newer: null };
      this.#keys.set(key, history);
    }
    const { times } = history;
    // Keep timestamps ordered if the clock steps back; the event then counts slightly longer.
    const last = times.length > history.head ? times[times.length - 1]! : -Infinity;
    times.push(Math.max(now, last));
    // Only the newest `limit` events can decide anything.
    if (times.length - history.head > this.#limit) history.head = times.length - this.#limit;
    this.#compact(history);
    this.#link(history);
    while (this.#keys.size > this.#maxTracked) this.#forget(this.#oldest!);
  }

  /** `allows` then `record`: counts the event and returns true if it was within the limit. */
  take(key: string, now: number = this.#now()): boolean {
    if (!this.allows(key, now)) return false;
    this.record(key, now);
    return true;
  }

  /** Forgets every key. */
  clear(): void {
    this.#keys.clear();
    this.#oldest = this.#newest = null;
  }

  /** Drops timestamps that left the window; returns how many remain. */
  #prune(history: History, now: number): number {
    const { times } = history;
    const cutoff = now - this.#windowMs;
    while (history.head < times.length && times[history.head]! <= cutoff) history.head++;
    this.#compact(history);
    return history.times.length - history.head; // not `times`: compaction may have replaced it
  }

  #compact(history: History): void {
    if (history.head > 16 && history.head * 2 > history.times.length) {
      history.times = history.times.slice(history.head);
      history.head = 0;
    }
  }

  /**
   * Removes keys whose whole window has passed. The recency list is ordered by last event, so
   * they sit at the old end and the loop stops at the first live key: amortised O(1) per record.
   */
  #dropExpired(now: number): void {
    const cutoff = now - this.#windowMs;
    while (this.#oldest && this.#oldest.times[this.#oldest.times.length - 1]! <= cutoff) {
      this.#forget(this.#oldest);
    }
  }

  #forget(history: History): void {
    this.#unlink(history);
    this.#keys.delete(history.key);
  }

  #unlink(h: History): void {
    if (h.older) h.older.newer = h.newer;
    else this.#oldest = h.newer;
    if (h.newer) h.newer.older = h.older;
    else this.#newest = h.older;
    h.older = h.newer = null;
  }

  /** Appends at the newest end. */
  #link(h: History): void {
    h.older = this.#newest;
    h.newer = null;
    if (this.#newest) this.#newest.newer = h;
    else this.#oldest = h;
    this.#newest = h;
  }
}
