/**
 * Failed-login throttling, per source IP and per administrator name: after `maxFailures` failures
 * within `windowMs`, further attempts are refused (429) for `lockMs`, doubling with every failure
 * past the limit up to `maxLockMs`. Attempts still being checked count as failures in waiting, so a
 * burst of parallel guesses cannot slip past the limit while the slow hash runs.
 *
 * @module
 */

export interface LoginThrottleOptions {
  /** Failures allowed before attempts are refused (default 5). */
  maxFailures?: number;
  /** Failures older than this are forgotten (default 15 minutes). */
  windowMs?: number;
  /** First refusal period (default 30 s). */
  lockMs?: number;
  /** Longest refusal period (default 15 minutes). */
  maxLockMs?: number;
  /** Most IPs and names tracked; the stalest are forgotten first (default 10,000). */
  maxTracked?: number;
}

interface Entry {
  failures: number;
  pending: number;
  last: number;
  lockedUntil: number;
}

/** An attempt admitted by {@link LoginThrottle.begin}; report how it ended exactly once. */
export interface Attempt {
  succeeded(): void;
  failed(): void;
}

export class LoginThrottle {
  readonly #o: Required<LoginThrottleOptions>;
  readonly #now: () => number;
  // Re-inserted on every touch, so iteration order is staleness order.
  readonly #entries = new Map<string, Entry>();

  constructor(o: LoginThrottleOptions = {}, now: () => number = Date.now) {
    this.#o = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 30_000, maxLockMs: 15 * 60_000, maxTracked: 10_000, ...o };
    this.#now = now;
  }

  /**
   * Admits an attempt, or returns the seconds to wait. Names are compared case-insensitively so
   * "Admin" and "admin" share one budget.
   */
  begin(ip: string, name: string): Attempt | { retryAfter: number } {
    const t = this.#now();
    const keys = [`ip:${ip}`, `name:${name.toLowerCase()}`];
    const entries = keys.map((k) => this.#entry(k, t));
    let wait = 0;
    for (const e of entries) {
      // Past the limit, once a lock has run out, one attempt at a time may try again.
      const budget = Math.max(1, this.#o.maxFailures - e.failures);
      if (e.lockedUntil > t) wait = Math.max(wait, e.lockedUntil - t);
      else if (e.pending >= budget) wait = Math.max(wait, 1000);
    }
    if (wait > 0) return { retryAfter: Math.ceil(wait / 1000) };
    for (const e of entries) e.pending++;
    let done = false;
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      const now = this.#now();
      keys.forEach((k, i) => {
        const e = this.#entry(k, now, entries[i]);
        e.pending = Math.max(0, e.pending - 1);
        if (ok) {
          e.failures = 0;
          e.lockedUntil = 0;
        } else {
          e.failures++;
          e.last = now;
          const over = e.failures - this.#o.maxFailures;
          if (over >= 0) e.lockedUntil = now + Math.min(this.#o.lockMs * 2 ** Math.min(over, 30), this.#o.maxLockMs);
        }
        if (e.failures === 0 && e.pending === 0) this.#entries.delete(k);
      });
    };
    return { succeeded: () => finish(true), failed: () => finish(false) };
  }

  #entry(key: string, t: number, known?: Entry): Entry {
    let e = this.#entries.get(key) ?? known;
    if (e && e.pending === 0 && e.lockedUntil <= t && t - e.last > this.#o.windowMs) e.failures = 0;
    if (!e) {
      e = { failures: 0, pending: 0, last: t, lockedUntil: 0 };
      this.#prune(t);
    }
    this.#entries.delete(key);
    this.#entries.set(key, e);
    return e;
  }

  #prune(t: number): void {
    if (this.#entries.size < this.#o.maxTracked) return;
    for (const [k, e] of this.#entries) {
      if (e.pending === 0 && e.lockedUntil <= t && t - e.last > this.#o.windowMs) this.#entries.delete(k);
    }
    // Still full of live entries: forget the stalest rather than grow without bound.
    for (const k of this.#entries.keys()) {
      if (this.#entries.size < this.#o.maxTracked) break;
      this.#entries.delete(k);
    }
  }
}
