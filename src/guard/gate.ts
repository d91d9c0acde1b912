/**
 * The connection gate: one per service, consulted for every new connection before any protocol
 * byte (DESIGN.md, "the connection gate").
 *
 * Steps, in this order; the first refusal wins:
 *
 * 1. access list (`access.mode` / `access.ips`);
 * 2. unlimited list (`limits.unlimited`): a listed address skips steps 3 and 4;
 * 3. per-address rate (`limits.perIpPerMinute`, 0 = no limit);
 * 4. concurrency (`limits.maxConcurrent`, 0 = no limit): open connections through the port from
 *    addresses *not* on the unlimited list — exempt connections neither wait for this budget nor
 *    use it up, so an exempt monitoring host cannot starve ordinary clients;
 * 5. `maxClients`: the hard cap on all open connections, unlimited addresses included (the
 *    unlimited list lifts the `limits`, not the service's capacity; see `LimitsSchema`).
 *
 * Only admitted connections count against the rate window (see `rate.ts`). A refusal carries a
 * reason code for logs and a short message that is safe to send to the client.
 *
 * @module
 */
import type { ServiceSettings } from "../config/service.ts";
import { accessAllows } from "./access.ts";
import { IpSet, normalisePeer } from "./ip-set.ts";
import { DEFAULT_MAX_TRACKED, RateLimiter } from "./rate.ts";

/** The settings a gate reads; a whole `ServiceSettings` will do. */
export type GateSettings = Pick<ServiceSettings, "access" | "limits" | "maxClients">;

/** Why a connection was refused (for logs and counters). */
export type RefusalReason = "access" | "rate" | "concurrency" | "max-clients";

/** All refusal reasons, in gate order. */
export const REFUSAL_REASONS: readonly RefusalReason[] = ["access", "rate", "concurrency", "max-clients"];

/**
 * What a refused client is told. One line of plain ASCII, and nothing about the configuration or
 * the client's own address, so protocols can put it straight into a `421` / `* BYE` / `-ERR`.
 */
export const REFUSAL_MESSAGES: Readonly<Record<RefusalReason, string>> = {
  access: "connections from your address are not allowed",
  rate: "too many connections from your address, try again later",
  concurrency: "too many connections, try again later",
  "max-clients": "server busy, too many clients, try again later",
};

/** Held for the life of an admitted connection; `release()` it when the connection closes. */
export interface Ticket {
  /** Frees the connection's place. Safe to call more than once; only the first call counts. */
  release(): void;
}

/** The gate's answer for one connection. `peer` is the canonical address (raw text if not an IP). */
export type Admission =
  | { ok: true; ticket: Ticket; peer: string }
  | { ok: false; reason: RefusalReason; message: string; peer: string };

/** A snapshot of a gate's counters. */
export interface GateCounters {
  /** Connections admitted and not yet released. */
  live: number;
  /** Connections admitted since the gate was built. */
  accepted: number;
  /** Connections refused since the gate was built, by reason. */
  refused: Record<RefusalReason, number>;
}

/** Options of a {@link Gate}. */
export interface GateOptions {
  /** Clock in milliseconds for the rate window. Default `performance.now()` (monotonic). */
  now?: () => number;
  /** Most addresses the rate limiter tracks at once. Default {@link DEFAULT_MAX_TRACKED}. */
  maxTrackedIps?: number;
}

interface Compiled {
  mode: GateSettings["access"]["mode"];
  access: IpSet;
  unlimited: IpSet;
  maxConcurrent: number;
  perIpPerMinute: number;
  maxClients: number;
}

function count(name: string, n: number, min: number): number {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${n}`);
  return n;
}

// Settings arrive validated, but a NaN here would silently switch a limit off (`live >= NaN` is
// false), so the numbers are checked again rather than trusted.
function compile(settings: GateSettings): Compiled {
  return {
    mode: settings.access.mode,
    access: IpSet.from(settings.access.ips),
    unlimited: IpSet.from(settings.limits.unlimited),
    maxConcurrent: count("limits.maxConcurrent", settings.limits.maxConcurrent, 0),
    perIpPerMinute: count("limits.perIpPerMinute", settings.limits.perIpPerMinute, 0),
    maxClients: count("maxClients", settings.maxClients, 1),
  };
}

/** The admission decision for one service. Pure bookkeeping: no I/O, no timers. */
export class Gate {
  #cfg: Compiled;
  readonly #rate: RateLimiter;
  readonly #now: () => number;
  #live = 0;
  #liveLimited = 0; // the part of #live subject to maxConcurrent
  #accepted = 0;
  readonly #refused: Record<RefusalReason, number> = { access: 0, rate: 0, concurrency: 0, "max-clients": 0 };

  /** Builds a gate; throws `RangeError` on an invalid list entry or limit. */
  constructor(settings: GateSettings, options: GateOptions = {}) {
    this.#cfg = compile(settings);
    this.#now = options.now ?? (() => performance.now());
    this.#rate = new RateLimiter({
      limit: this.#cfg.perIpPerMinute,
      now: this.#now,
      maxTracked: options.maxTrackedIps ?? DEFAULT_MAX_TRACKED,
    });
  }

  /**
   * Applies new settings to the next connection. Open connections, their tickets, the counters
   * and the rate history are kept; a lower limit simply refuses newcomers until enough leave.
   * On an invalid setting it throws and the gate keeps its previous settings.
   */
  update(settings: GateSettings): void {
    const next = compile(settings);
    this.#cfg = next;
    if (this.#rate.limit !== next.perIpPerMinute) this.#rate.setLimit(next.perIpPerMinute);
  }

  /**
   * Decides on a new connection from `peer` (the remote address as the runtime reports it) at
   * time `now` (default: the gate's clock). An admitted connection holds a place until its
   * ticket is released.
   */
  admit(peer: string, now: number = this.#now()): Admission {
    const cfg = this.#cfg;
    const ip = normalisePeer(peer);
    const key = ip ? ip.text : String(peer);
    if (!accessAllows(cfg.mode, cfg.access, ip)) return this.#refuse("access", key);
    // An address that is not an IP cannot be on the unlimited list; it is limited like any other.
    const exempt = ip !== null && cfg.unlimited.has(ip);
    if (!exempt) {
      if (!this.#rate.allows(key, now)) return this.#refuse("rate", key);
      if (cfg.maxConcurrent > 0 && this.#liveLimited >= cfg.maxConcurrent) return this.#refuse("concurrency", key);
    }
    if (this.#live >= cfg.maxClients) return this.#refuse("max-clients", key);

    if (!exempt) {
      this.#rate.record(key, now);
      this.#liveLimited++;
    }
    this.#live++;
    this.#accepted++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.#live--;
      // The ticket remembers its own exemption: the unlimited list may have changed since.
      if (!exempt) this.#liveLimited--;
    };
    return { ok: true, ticket: { release }, peer: key };
  }

  /** A snapshot of the counters. */
  get counters(): GateCounters {
    return { live: this.#live, accepted: this.#accepted, refused: { ...this.#refused } };
  }

  /** Connections admitted and not yet released. */
  get live(): number {
    return this.#live;
  }

  #refuse(reason: RefusalReason, peer: string): Admission {
    this.#refused[reason]++;
    return { ok: false, reason, message: REFUSAL_MESSAGES[reason], peer };
  }
}
