import type { ClientTlsOptions, Conn, TlsOptions } from "../../runtime/mod.ts";

export interface GuardOptions {
  /** Close after this long without a byte read or written (ms); 0 = never. */
  idleMs: number;
  /** The protocol's last words on an idle timeout, written before closing. */
  onIdle: () => Uint8Array;
  /** Called once when the idle timeout fires (for the system log). */
  onTimeout?: () => void;
}

interface Shared {
  inner: Conn;
  last: number;
  timer?: ReturnType<typeof setTimeout>;
  closed: boolean;
  writer?: WritableStreamDefaultWriter<Uint8Array>;
  o: GuardOptions;
}

/**
 * Wraps a connection so the service manager enforces the idle timeout for every protocol the same
 * way, whatever the session is doing: activity is any chunk read or written; on expiry the
 * protocol's goodbye is written and the connection closed.
 *
 * The wrapper reads nothing ahead (highWaterMark 0): bytes reach the session only when it asks, so
 * a STARTTLS upgrade finds no plaintext stranded in the wrapper.
 */
export function guardConn(conn: Conn, o: GuardOptions): Conn {
  const shared: Shared = { inner: conn, last: Date.now(), closed: false, o };
  conn.closed.then(() => stopTimer(shared));
  arm(shared);
  return wrap(shared);
}

function touch(s: Shared): void {
  s.last = Date.now();
}

function arm(s: Shared): void {
  if (!s.o.idleMs || s.closed) return;
  const wait = s.last + s.o.idleMs - Date.now();
  s.timer = setTimeout(() => (Date.now() - s.last >= s.o.idleMs ? expire(s) : arm(s)), Math.max(wait, 0) + 5);
}

function stopTimer(s: Shared): void {
  s.closed = true;
  if (s.timer) clearTimeout(s.timer);
}

async function expire(s: Shared): Promise<void> {
  if (s.closed) return;
  stopTimer(s);
  s.o.onTimeout?.();
  try {
    // A write stuck behind a peer that reads nothing must not hold the close back.
    const w = s.writer ?? s.inner.writable.getWriter();
    await Promise.race([w.write(s.o.onIdle()), new Promise((r) => setTimeout(r, 1000))]);
  } catch {
    // The peer is gone or the stream is busy; closing is all that is left.
  }
  s.inner.close();
}

function wrap(s: Shared): Conn {
  const inner = s.inner;
  const reader = inner.readable.getReader();
  const writer = inner.writable.getWriter();
  s.writer = writer;
  const readable = new ReadableStream<Uint8Array>(
    {
      async pull(c) {
        try {
          const { done, value } = await reader.read();
          if (done) return c.close();
          touch(s);
          c.enqueue(value);
        } catch (err) {
          c.error(err);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const writable = new WritableStream<Uint8Array>({
    async write(chunk) {
      touch(s);
      await writer.write(chunk);
      touch(s);
    },
    close: () => writer.close(),
    abort: (reason) => writer.abort(reason),
  });
  return {
    readable,
    writable,
    remote: inner.remote,
    local: inner.local,
    get secure() {
      return s.inner.secure;
    },
    async startTls(tls: TlsOptions | ClientTlsOptions): Promise<Conn> {
      reader.releaseLock();
      writer.releaseLock();
      s.writer = undefined;
      s.inner = await inner.startTls(tls);
      s.inner.closed.then(() => stopTimer(s));
      touch(s);
      return wrap(s);
    },
    close() {
      stopTimer(s);
      s.inner.close();
    },
    get closed() {
      return s.inner.closed;
    },
  };
}
