/**
 * Per-minute connection counts of every service, kept in memory for the dashboard's charts.
 *
 * The service manager counts accepted and refused connections since each service last started;
 * sampling those counters every few seconds and adding the differences to the current minute turns
 * them into "per minute" figures. A counter that went down means the service restarted (counting
 * from zero again), so the new value itself is the difference.
 *
 * @module
 */

/** What the ring reads from each service at a sample. */
export interface CounterSample {
  name: string;
  connections: number;
  accepted: number;
  refused: number;
}

/** One minute of one service. */
export interface MinuteCounts {
  accepted: number;
  refused: number;
  /** Most connections open at once among the samples of that minute. */
  peakConnections: number;
}

interface Track {
  last?: { accepted: number; refused: number };
  minutes: Map<number, MinuteCounts>;
}

export class StatsRing {
  readonly minutes: number;
  readonly #now: () => number;
  readonly #tracks = new Map<string, Track>();

  /** Keeps `minutes` minutes (default 60). */
  constructor(o: { minutes?: number; now?: () => number } = {}) {
    this.minutes = o.minutes ?? 60;
    this.#now = o.now ?? Date.now;
  }

  /** Adds what happened since the previous sample to the current minute. */
  sample(services: readonly CounterSample[]): void {
    const minute = Math.floor(this.#now() / 60_000);
    for (const s of services) {
      let t = this.#tracks.get(s.name);
      if (!t) this.#tracks.set(s.name, (t = { minutes: new Map() }));
      const delta = (now: number, before: number | undefined) => (before === undefined ? 0 : now >= before ? now - before : now);
      let m = t.minutes.get(minute);
      if (!m) t.minutes.set(minute, (m = { accepted: 0, refused: 0, peakConnections: 0 }));
      // The first sample only sets the baseline: counts from before it have no known minute.
      m.accepted += delta(s.accepted, t.last?.accepted);
      m.refused += delta(s.refused, t.last?.refused);
      m.peakConnections = Math.max(m.peakConnections, s.connections);
      t.last = { accepted: s.accepted, refused: s.refused };
      for (const k of t.minutes.keys()) if (k <= minute - this.minutes) t.minutes.delete(k);
    }
  }

  /** Start times (ms) of the last `n` minutes, oldest first, the current minute last. */
  window(n = this.minutes): number[] {
    const minute = Math.floor(this.#now() / 60_000);
    const count = Math.max(1, Math.min(n, this.minutes));
    return Array.from({ length: count }, (_, i) => (minute - count + 1 + i) * 60_000);
  }

  /** One service's counts for the minutes of {@link window}, zero where nothing was seen. */
  series(name: string, n = this.minutes): MinuteCounts[] {
    const t = this.#tracks.get(name);
    return this.window(n).map((ms) => ({ ...(t?.minutes.get(ms / 60_000) ?? { accepted: 0, refused: 0, peakConnections: 0 }) }));
  }
}
