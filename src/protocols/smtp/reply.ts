/**
 * SMTP replies: the typed error a command throws, and the wire form of a reply (RFC 5321 §4.2,
 * enhanced status codes RFC 3463 / RFC 2034).
 *
 * @module
 */

/** One reply: a code, an RFC 3463 enhanced code where the reply takes one, and its text lines. */
export interface Reply {
  code: number;
  /** `class.subject.detail`, e.g. `5.1.1`; absent for the greeting, EHLO/HELO and 354. */
  enhanced?: string;
  /** One element per line; each is sanitised on output. */
  lines: string[];
}

/** Options of {@link SmtpError}. */
export interface SmtpErrorOptions {
  /** Counts toward `maxErrors` (default true for 500-504 and 555, false otherwise). */
  bad?: boolean;
  /** Close the connection after sending the reply. */
  close?: boolean;
  /** The reason for the log, never sent to the client. */
  internal?: string;
}

/**
 * A refusal a command handler throws; the session sends it as the reply. The client sees `text`
 * only; `internal` is for the system log.
 */
export class SmtpError extends Error {
  readonly code: number;
  readonly enhanced: string | undefined;
  readonly text: string;
  readonly bad: boolean;
  readonly close: boolean;
  readonly internal: string | undefined;

  constructor(code: number, enhanced: string | undefined, text: string, o: SmtpErrorOptions = {}) {
    super(`${code} ${enhanced ?? ""} ${text}`.replace(/ +/g, " "));
    this.name = "SmtpError";
    this.code = code;
    this.enhanced = enhanced;
    this.text = text;
    this.bad = o.bad ?? ((code >= 500 && code <= 504) || code === 555);
    this.close = o.close ?? false;
    this.internal = o.internal;
  }

  /** The reply to send. */
  get reply(): Reply {
    return { code: this.code, enhanced: this.enhanced, lines: [this.text] };
  }
}

// Printable ASCII and any non-ASCII (UTF-8 addresses echoed under SMTPUTF8); no controls.
const UNSAFE = /[\x00-\x1f\x7f]/g;

/** Reply text safe for one line: control characters (CR, LF, NUL...) become spaces. */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, " ");
}

/** The reply as wire text: `250-first\r\n250 last\r\n`, the enhanced code on every line. */
export function formatReply(r: Reply): string {
  const lines = r.lines.length ? r.lines : [""];
  let out = "";
  for (let i = 0; i < lines.length; i++) {
    const sep = i === lines.length - 1 ? " " : "-";
    const text = [r.enhanced, sanitize(lines[i]!)].filter(Boolean).join(" ");
    out += `${r.code}${sep}${text}\r\n`;
  }
  return out;
}

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/**
 * A reply from the backend made safe to send: a code outside 200-599 becomes 451 4.3.0, and an
 * enhanced code that is malformed or of another class than the code is replaced by `X.0.0`.
 */
export function checkedReply(code: number, enhanced: string | undefined, text: string): Reply {
  if (!Number.isInteger(code) || code < 200 || code > 599) {
    return { code: 451, enhanced: "4.3.0", lines: ["local error in processing"] };
  }
  const cls = String(code)[0]!;
  const m = enhanced ? ENHANCED.exec(enhanced) : null;
  const good = m && m[1] === cls ? enhanced! : cls === "3" ? undefined : `${cls}.0.0`;
  return { code, enhanced: good, lines: [text] };
}
