/**
 * An in-memory connection for protocol session tests: a server-side `Conn` made of two
 * TransformStreams, and the client end that drives it. `startTls` is a fake that behaves like the
 * real contract where it matters to a session: it refuses while the streams are locked, drops
 * plaintext the session has not read, and hands out a new Conn with `secure: true`.
 */
import type { Addr, Conn, TlsOptions } from "../../runtime/mod.ts";

const enc = new TextEncoder();

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return s;
}

interface Pipe {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
  ctl: TransformStreamDefaultController<Uint8Array>;
}

function pipe(): Pipe {
  let ctl!: TransformStreamDefaultController<Uint8Array>;
  const ts = new TransformStream<Uint8Array, Uint8Array>({
    start(c) {
      ctl = c;
    },
  });
  return { readable: ts.readable, writable: ts.writable, ctl };
}

/** One reply as the client parsed it. */
export interface ParsedReply {
  code: number;
  /** The enhanced code of the last line, when it has one. */
  enhanced?: string;
  /** Text of each line without code and enhanced code. */
  lines: string[];
  /** The reply exactly as received. */
  raw: string;
}

/** The client end of a {@link memConn}. */
export interface MemClient {
  /** Send bytes as one chunk (text is UTF-8 encoded; use a Uint8Array for raw bytes). */
  write(data: string | Uint8Array): Promise<void>;
  /** Stop sending (the server sees the end of its stream). */
  end(): Promise<void>;
  /** The next complete reply (waits for it; rejects if the server closes first or after 10 s). */
  reply(): Promise<ParsedReply>;
  /** Everything received, as latin1 text. */
  received(): string;
  /** The chunks as they arrived (one per server write), as latin1 text. */
  chunks(): string[];
  /** Replies received but not yet taken with `reply()`. */
  pendingText(): string;
  /** The client half of STARTTLS: waits until the server upgraded, then talks "TLS". */
  startTls(): Promise<void>;
  /** How many times the server upgraded. */
  upgrades(): number;
  /** Settles when the server closed the connection. */
  closed: Promise<void>;
  isClosed(): boolean;
}

/** Options of {@link memConn}. */
export interface MemConnOptions {
  remote?: Addr;
  local?: Addr;
  /** Start as a TLS connection (implicit TLS). */
  secure?: boolean;
  /** Called with the options the session passed to startTls. */
  onStartTls?: (tls: TlsOptions) => void;
  /** Make the fake handshake fail. */
  failTls?: boolean;
}

/** A server-side Conn and the client end driving it. */
export function memConn(o: MemConnOptions = {}): { conn: Conn; client: MemClient } {
  const remote = o.remote ?? { address: "192.0.2.7", port: 40000 };
  const local = o.local ?? { address: "127.0.0.1", port: 25 };
  let up = pipe(); // client -> server
  let down = pipe(); // server -> client
  let writer = up.writable.getWriter();
  let received = "";
  let cursor = 0;
  const chunks: string[] = [];
  let notify: (() => void) | undefined;
  let closed = false;
  let resolveClosed!: () => void;
  const closedP = new Promise<void>((r) => (resolveClosed = r));
  let upgrades = 0;
  // Layers after the first, handed from the server's startTls to the client's.
  const layers: { up: Pipe; down: Pipe }[] = [];
  let layerReady: (() => void) | undefined;
  let clientLayer = 0;

  const wake = () => {
    const n = notify;
    notify = undefined;
    n?.();
  };

  const closeAll = () => {
    if (closed) return;
    closed = true;
    for (const p of [up, down]) {
      try {
        p.ctl.terminate();
      } catch {
        // Already closed.
      }
    }
    resolveClosed();
    layerReady?.();
    wake();
  };

  // Reads what the server sends, layer after layer.
  void (async () => {
    let layer = 0;
    let current = down;
    for (;;) {
      const reader = current.readable.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const text = latin1(value);
          received += text;
          chunks.push(text);
          wake();
        }
      } catch {
        // The stream was torn down.
      }
      if (closed) break;
      // The plaintext stream ended: either a STARTTLS upgrade or the end of the connection.
      if (layers.length <= layer) {
        await new Promise<void>((r) => (layerReady = r));
        if (closed || layers.length <= layer) break;
      }
      current = layers[layer]!.down;
      layer++;
    }
    closeAll();
  })();

  function makeConn(cUp: Pipe, cDown: Pipe, secure: boolean): Conn {
    const conn: Conn = {
      readable: cUp.readable,
      writable: cDown.writable,
      remote,
      local,
      secure,
      async startTls(tls) {
        if (cUp.readable.locked || cDown.writable.locked) throw new TypeError("startTls: release the reader and writer locks first");
        if (secure) throw new Error("startTls: already TLS");
        o.onStartTls?.(tls as TlsOptions);
        // Plaintext the session did not read is gone, as on a real socket upgrade.
        await cUp.readable.cancel().catch(() => {});
        await cDown.writable.close().catch(() => {});
        if (o.failTls) {
          closeAll();
          throw new Error("fake TLS handshake failed");
        }
        upgrades++;
        const next = { up: pipe(), down: pipe() };
        up = next.up;
        down = next.down;
        layers.push(next);
        layerReady?.();
        layerReady = undefined;
        wake();
        return makeConn(next.up, next.down, true);
      },
      close: closeAll,
      closed: closedP,
    };
    return conn;
  }

  const conn = makeConn(up, down, o.secure ?? false);

  function parseAt(from: number): { reply: ParsedReply; end: number } | null {
    const lines: string[] = [];
    let pos = from;
    for (;;) {
      const eol = received.indexOf("\r\n", pos);
      if (eol < 0) return null;
      const line = received.slice(pos, eol);
      pos = eol + 2;
      const m = /^(\d{3})([ -])(.*)$/s.exec(line);
      if (!m) throw new Error(`malformed reply line ${JSON.stringify(line)} in ${JSON.stringify(received.slice(from))}`);
      lines.push(m[3]!);
      if (m[2] === " ") {
        const code = Number(m[1]);
        const em = /^([245]\.\d{1,3}\.\d{1,3})(?: (.*))?$/s.exec(m[3]!);
        const texts = lines.map((l) => (em ? l.replace(/^[245]\.\d{1,3}\.\d{1,3} ?/, "") : l));
        return { reply: { code, enhanced: em?.[1], lines: texts, raw: received.slice(from, pos) }, end: pos };
      }
    }
  }

  const client: MemClient = {
    async write(data) {
      await writer.write(typeof data === "string" ? enc.encode(data) : data);
    },
    async end() {
      await writer.close().catch(() => {});
    },
    async reply() {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const r = parseAt(cursor);
        if (r) {
          cursor = r.end;
          return r.reply;
        }
        if (closed) throw new Error(`connection closed while waiting for a reply; pending ${JSON.stringify(received.slice(cursor))}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no complete reply within 10 s; pending ${JSON.stringify(received.slice(cursor))}`);
        await new Promise<void>((r) => {
          const t = setTimeout(r, left);
          notify = () => {
            clearTimeout(t);
            r();
          };
        });
      }
    },
    received: () => received,
    chunks: () => [...chunks],
    pendingText: () => received.slice(cursor),
    async startTls() {
      const deadline = Date.now() + 10_000;
      while (layers.length <= clientLayer) {
        if (closed) throw new Error("connection closed before the server upgraded");
        if (Date.now() > deadline) throw new Error("the server did not upgrade within 10 s");
        await new Promise<void>((r) => {
          const t = setTimeout(r, 50);
          notify = () => {
            clearTimeout(t);
            r();
          };
        });
      }
      writer.releaseLock();
      writer = layers[clientLayer]!.up.writable.getWriter();
      clientLayer++;
    },
    upgrades: () => upgrades,
    closed: closedP,
    isClosed: () => closed,
  };
  return { conn, client };
}
