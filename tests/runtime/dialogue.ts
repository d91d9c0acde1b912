/**
 * A minimal SMTP-like server session for the conformance tests: 220 greeting, EHLO offering
 * STARTTLS, STARTTLS upgrading through `conn.startTls`, NOOP, QUIT. It records every command it
 * sees so tests can assert what reached the server, plaintext or TLS.
 */
import type { Conn, TlsOptions } from "../../runtime/mod.ts";
import { connectRaw, dec, enc, type RawClient, readUntil } from "../helpers/net.ts";

export interface DialogueLog {
  /** Commands as seen, prefixed "plain:" or "tls:". */
  commands: string[];
  /** Errors the session met (handshake failures...). */
  errors: unknown[];
}

export interface DialogueOptions {
  /** Called after "220 go ahead" is written and before startTls (e.g. to delay the upgrade). */
  beforeUpgrade?: () => Promise<void>;
  /** Keep a read pending while replying to STARTTLS, as a session with a background reader would. */
  pendingReadDuringUpgrade?: boolean;
}

export async function smtpDialogue(conn: Conn, cert: TlsOptions, log: DialogueLog, opts: DialogueOptions = {}) {
  let c = conn;
  let reader = c.readable.getReader();
  let writer = c.writable.getWriter();
  let buf = "";
  const say = (s: string) => writer.write(enc(s));
  const nextLine = async (): Promise<string | null> => {
    while (!buf.includes("\r\n")) {
      const { value, done } = await reader.read();
      if (done) return null;
      buf += dec(value);
    }
    const i = buf.indexOf("\r\n");
    const line = buf.slice(0, i);
    buf = buf.slice(i + 2);
    return line;
  };
  try {
    await say("220 test ESMTP\r\n");
    while (true) {
      const line = await nextLine();
      if (line === null) break;
      log.commands.push(`${c.secure ? "tls" : "plain"}:${line}`);
      const verb = line.split(" ")[0].toUpperCase();
      if (verb === "EHLO") await say(`250-test\r\n${c.secure ? "" : "250-STARTTLS\r\n"}250 SIZE 1000\r\n`);
      else if (verb === "NOOP") await say(`250 ok${c.secure ? " inside tls" : ""}\r\n`);
      else if (verb === "QUIT") {
        await say("221 bye\r\n");
        break;
      } else if (verb === "STARTTLS" && !c.secure) {
        // A correct session drops what it read past the command (RFC 3207 section 4.2).
        buf = "";
        await say("220 go ahead\r\n");
        if (opts.pendingReadDuringUpgrade) reader.read().catch(() => {});
        await opts.beforeUpgrade?.();
        reader.releaseLock();
        writer.releaseLock();
        c = await c.startTls(cert);
        reader = c.readable.getReader();
        writer = c.writable.getWriter();
      } else await say("500 unknown\r\n");
    }
  } catch (err) {
    log.errors.push(err);
  } finally {
    c.close();
  }
}

/** How a test connection gets its TLS: none, implicit, or STARTTLS after a short dialogue. */
export type Mode = "plain" | "tls" | "starttls";

/** Server half of a minimal SMTP STARTTLS exchange; returns the connection to use. */
export async function negotiate(conn: Conn, mode: Mode, cert: TlsOptions): Promise<Conn> {
  if (mode !== "starttls") return conn;
  const r = conn.readable.getReader();
  const w = conn.writable.getWriter();
  await w.write(enc("220 test\r\n"));
  await readUntil(r, "\r\n", 5000);
  await w.write(enc("250-test\r\n250 STARTTLS\r\n"));
  await readUntil(r, "STARTTLS\r\n", 5000);
  await w.write(enc("220 go ahead\r\n"));
  r.releaseLock();
  w.releaseLock();
  return conn.startTls(cert);
}

/**
 * Client half of that exchange over node:net: returns the raw client right after "220 go
 * ahead", its data listeners removed, ready for tls.connect({ socket }).
 */
export async function clientStartTls(port: number): Promise<RawClient> {
  const c = await connectRaw(port);
  await c.readUntil("220 test");
  await c.write("EHLO x\r\n");
  await c.readUntil("250 STARTTLS");
  await c.write("STARTTLS\r\n");
  await c.readUntil("220 go ahead");
  c.sock.removeAllListeners("data");
  return c;
}
