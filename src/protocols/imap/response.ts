/**
 * IMAP refusals: the typed error a command throws, mapped straight to a tagged `NO` or `BAD`
 * (RFC 9051 7.1), with an optional response code such as `[TRYCREATE]` (RFC 5530 codes).
 *
 * @module
 */

/** Options of {@link ImapError}. */
export interface ImapErrorOptions {
  /** Response code without brackets, e.g. `TRYCREATE`, `TOOBIG`, `MODIFIED 3:5`. */
  code?: string;
  /** Close the connection after the answer (a `* BYE` is sent first). */
  close?: boolean;
  /** The reason for the system log, never sent to the client. */
  internal?: string;
}

/**
 * A refusal a command handler throws; the session answers `tag NO|BAD [code] text`. `BAD`
 * counts toward the session's bad-command limit.
 */
export class ImapError extends Error {
  readonly status: "NO" | "BAD";
  readonly code: string | undefined;
  readonly text: string;
  readonly close: boolean;
  readonly internal: string | undefined;

  constructor(status: "NO" | "BAD", text: string, o: ImapErrorOptions = {}) {
    super(`${status}${o.code ? ` [${o.code}]` : ""} ${text}`);
    this.name = "ImapError";
    this.status = status;
    this.code = o.code;
    this.text = text;
    this.close = o.close ?? false;
    this.internal = o.internal;
  }
}

/** `BAD` for a malformed command. */
export const bad = (text: string, o?: ImapErrorOptions): ImapError => new ImapError("BAD", text, o);
/** `NO` for a well-formed command that cannot be done. */
export const no = (text: string, o?: ImapErrorOptions): ImapError => new ImapError("NO", text, o);

// Response text is one line of printable text: control characters become spaces.
const UNSAFE = /[\x00-\x1f\x7f]/g;

/** Text safe to put on a response line. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, " ");
}

/** `tag status [code] text\r\n`. */
export function statusLine(tag: string, status: "OK" | "NO" | "BAD" | "BYE" | "PREAUTH", text: string, code?: string): string {
  return `${tag} ${status} ${code ? `[${code}] ` : ""}${sanitize(text)}\r\n`;
}
