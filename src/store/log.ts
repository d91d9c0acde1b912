import { and, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { StoreContext } from "./context.ts";
import { StoreError } from "./errors.ts";
import { log, type LogLevel } from "./schema.ts";

export type { LogLevel };

/** One system-log entry. */
export interface LogRecord {
  id: number;
  time: Date;
  level: LogLevel;
  service: string | null;
  message: string;
  fields: Record<string, unknown> | null;
}

const LEVELS: LogLevel[] = ["debug", "info", "warn", "error"];

/** store.log: the stored system log, bounded by trimLog. */
export class Log {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Appends an entry (time defaults to now). */
  async append(e: { time?: Date; level: LogLevel; service?: string | null; message: string; fields?: Record<string, unknown> | null }): Promise<void> {
    if (!LEVELS.includes(e.level)) throw new StoreError("invalid", `invalid log level: ${JSON.stringify(e.level)}`);
    const row = { time: e.time ?? new Date(), level: e.level, service: e.service ?? null, message: e.message, fields: e.fields ?? null };
    await this.#ctx.writer.run((tx) => tx.insert(log).values(row));
  }

  /**
   * Entries newest first. `level` is the lowest severity wanted (`warn` gives warn and error);
   * `since`/`until` bound the time inclusively; `limit` defaults to 100.
   */
  query(q: { service?: string; level?: LogLevel; since?: Date; until?: Date; limit?: number } = {}): Promise<LogRecord[]> {
    const where: SQL[] = [];
    if (q.service !== undefined) where.push(eq(log.service, q.service));
    if (q.level !== undefined) {
      const i = LEVELS.indexOf(q.level);
      if (i < 0) throw new StoreError("invalid", `invalid log level: ${JSON.stringify(q.level)}`);
      where.push(inArray(log.level, LEVELS.slice(i)));
    }
    if (q.since) where.push(gte(log.time, q.since));
    if (q.until) where.push(lte(log.time, q.until));
    const limit = Math.max(1, Math.min(q.limit ?? 100, 10_000));
    return this.#ctx.db.select().from(log).where(and(...where)).orderBy(desc(log.id)).limit(limit);
  }

  /** Deletes all but the newest `max` entries; returns how many went. */
  async trimLog(max: number): Promise<number> {
    if (!Number.isSafeInteger(max) || max < 0) throw new StoreError("invalid", `invalid log size: ${max}`);
    const res = await this.#ctx.writer.run((tx) =>
      tx.delete(log).where(sql`${log.id} <= (SELECT id FROM log ORDER BY id DESC LIMIT 1 OFFSET ${max})`),
    );
    return res.rowsAffected;
  }
}
