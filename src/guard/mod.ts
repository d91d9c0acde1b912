/**
 * The connection gate's decision engine: IP/CIDR matching, access modes, per-address rate and
 * concurrency limits. Pure: no I/O, no timers; time is passed in.
 *
 * @module
 */
export { IpSet, normalisePeer, type Peer } from "./ip-set.ts";
export { accessAllows } from "./access.ts";
export { DEFAULT_MAX_TRACKED, RateLimiter, type RateLimiterOptions } from "./rate.ts";
export {
  type Admission,
  Gate,
  type GateCounters,
  type GateOptions,
  type GateSettings,
  REFUSAL_MESSAGES,
  REFUSAL_REASONS,
  type RefusalReason,
  type Ticket,
} from "./gate.ts";
