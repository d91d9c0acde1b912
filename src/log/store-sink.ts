import type { Store } from "../store/mod.ts";
import type { LogSink } from "./logger.ts";

/** The stored system log keeps this many newest entries; older ones are dropped first. */
export const LOG_MAX_ENTRIES = 100_000;
/** Trimming is a DELETE over the table, so it runs once per this many appends, not on each. */
const TRIM_EVERY = 1000;

/** A log sink that stores entries and keeps the table bounded. */
export function storeSink(store: () => Store | undefined, max = LOG_MAX_ENTRIES): LogSink {
  let appended = 0;
  return async (e) => {
    const s = store();
    if (!s) return;
    await s.log.append({ level: e.level, service: e.service, message: e.message, fields: e.fields, time: e.time });
    if (++appended % TRIM_EVERY === 0 || appended === 1) await s.log.trimLog(max);
  };
}
