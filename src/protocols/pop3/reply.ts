/**
 * POP3 replies: the typed refusal a command throws, and the wire form of status lines (RFC 1939
 * §3) with the response codes of RFC 2449 §8 and RFC 3206.
 *
 * @module
 */

/**
 * The response codes we send: `AUTH` (the credentials are the problem, RFC 3206), `IN-USE` (the
 * maildrop is locked by another session, RFC 2449), `SYS/TEMP` (a fault on our side, try again
 * later) and `SYS/PERM` (a fault that retrying will not fix).
 */
export type RespCode = "AUTH" | "IN-USE" | "SYS/TEMP" | "SYS/PERM";

/** Options of {@link Pop3Error}. */
export interface Pop3ErrorOptions {
  /** Counts toward `maxErrors` (unknown command, syntax, out of sequence); default false. */
  bad?: boolean;
  /** Close the connection after sending the reply. */
  close?: boolean;
  /** The reason for the log, never sent to the client. */
  internal?: string;
}

/**
 * A refusal a command handler throws; the session answers `-ERR [code] text` and logs it. The
 * client sees `text` only; `internal` is for the system log.
 */
export class Pop3Error extends Error {
  readonly code: RespCode | undefined;
  readonly text: string;
  readonly bad: boolean;
  readonly close: boolean;
  readonly internal: string | undefined;

  constructor(code: RespCode | undefined, text: string, o: Pop3ErrorOptions = {}) {
    super(formatErr(code, text).trimEnd());
    this.name = "Pop3Error";
    this.code = code;
    this.text = text;
    this.bad = o.bad ?? false;
    this.close = o.close ?? false;
    this.internal = o.internal;
  }
}

/** A refusal that counts toward `maxErrors`: the client sent something it should not have. */
export function badCommand(text: string): Pop3Error {
  return new Pop3Error(undefined, text, { bad: true });
}

const UNSAFE = /[\x00-\x1f\x7f]/g;

/** Text safe for one status line: control characters (CR, LF, NUL...) become spaces. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, " ");
}

/** `+OK text\r\n`. */
export function formatOk(text: string): string {
  return text ? `+OK ${sanitize(text)}\r\n` : "+OK\r\n";
}

/** `-ERR [CODE] text\r\n`. */
export function formatErr(code: RespCode | undefined, text: string): string {
  return `-ERR ${code ? `[${code}] ` : ""}${sanitize(text)}\r\n`;
}

/**
 * A whole multi-line response of short text lines (CAPA, AUTH's mechanism list): status line,
 * each line dot-stuffed (RFC 1939 §3), then the terminating ".".
 */
export function formatMultiline(status: string, lines: readonly string[]): string {
  let out = formatOk(status);
  for (const l of lines) out += `${l.startsWith(".") ? "." : ""}${sanitize(l)}\r\n`;
  return out + ".\r\n";
}
