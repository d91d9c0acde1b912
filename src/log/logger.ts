/** The system log: every event goes to stdout (one line) and, when a sink is attached, into the store. */

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface LogEntry {
  time: Date;
  level: LogLevel;
  service?: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** Where entries are kept besides stdout (the store's log table). Failures there never break the caller. */
export type LogSink = (entry: LogEntry) => Promise<unknown> | void;

export interface Logger {
  log(level: LogLevel, service: string | undefined, message: string, fields?: Record<string, unknown>): void;
  info(service: string | undefined, message: string, fields?: Record<string, unknown>): void;
  warn(service: string | undefined, message: string, fields?: Record<string, unknown>): void;
  error(service: string | undefined, message: string, fields?: Record<string, unknown>): void;
  /** Resolves when every entry handed to the sink so far has been written. */
  flush(): Promise<void>;
}

export interface LoggerOptions {
  sink?: LogSink;
  /** Writes one formatted line; default console.log. Tests and the CLI pass their own. */
  write?: (line: string) => void;
  /** Lowest level written to stdout; everything reaches the sink. */
  level?: LogLevel;
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function formatEntry(e: LogEntry): string {
  const fields = e.fields && Object.keys(e.fields).length ? " " + JSON.stringify(e.fields) : "";
  return `${e.time.toISOString()} ${e.level.toUpperCase().padEnd(5)} ${e.service ? `[${e.service}] ` : ""}${e.message}${fields}`;
}

export function createLogger(o: LoggerOptions = {}): Logger {
  const write = o.write ?? ((line: string) => console.log(line));
  const min = rank[o.level ?? "info"];
  let pending: Promise<unknown> = Promise.resolve();
  const log = (level: LogLevel, service: string | undefined, message: string, fields?: Record<string, unknown>) => {
    const entry: LogEntry = { time: new Date(), level, service, message, fields };
    if (rank[level] >= min) write(formatEntry(entry));
    const sink = o.sink;
    if (sink) {
      // Chained so entries are stored in order; a failing store must not take the server down.
      pending = pending.then(() => sink(entry)).catch((err) => write(formatEntry({ time: new Date(), level: "error", message: `system log not stored: ${String(err)}` })));
    }
  };
  return {
    log,
    info: (s, m, f) => log("info", s, m, f),
    warn: (s, m, f) => log("warn", s, m, f),
    error: (s, m, f) => log("error", s, m, f),
    flush: async () => {
      await pending;
    },
  };
}
