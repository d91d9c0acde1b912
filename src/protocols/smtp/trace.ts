/**
 * The trace header every accepted message gets (RFC 5321 §4.4), and queue ids.
 *
 * @module
 */

/** What the trace header says about the session. */
export interface TraceInfo {
  /** The HELO/EHLO argument. */
  helo: string;
  /** The client's IP address (no reverse DNS lookup is made). */
  remoteAddress: string;
  /** Our hostname. */
  hostname: string;
  /** EHLO (true) or HELO (false). */
  esmtp: boolean;
  secure: boolean;
  authenticated: boolean;
  /** MAIL carried SMTPUTF8. */
  utf8: boolean;
  id: string;
  /** Named in a `for` clause only when there is exactly one, so Bcc recipients stay private. */
  recipients: string[];
  date: Date;
}

/**
 * RFC 3848 / RFC 6531 §3.7.3 `with` protocol type: SMTP for HELO; otherwise ESMTP or UTF8SMTP,
 * plus S under TLS and A when authenticated.
 */
export function withProtocol(t: Pick<TraceInfo, "esmtp" | "secure" | "authenticated" | "utf8">): string {
  if (!t.esmtp) return "SMTP";
  return `${t.utf8 ? "UTF8SMTP" : "ESMTP"}${t.secure ? "S" : ""}${t.authenticated ? "A" : ""}`;
}

/** The client's address as an RFC 5321 address literal: `[192.0.2.1]`, `[IPv6:2001:db8::1]`. */
export function addressLiteral(ip: string): string {
  return ip.includes(":") ? `[IPv6:${ip}]` : `[${ip}]`;
}

/** RFC 5322 date-time in UTC: `Tue, 01 Jul 2025 09:30:00 +0000`. */
export function rfc5322Date(d: Date): string {
  return d.toUTCString().replace(/GMT$/, "+0000");
}

/**
 * `Received: from HELO ([ip])\r\n\tby host (wrenmail) with ESMTPSA id ID\r\n\tfor <rcpt>; date\r\n`,
 * folded so no line passes 78 characters for ordinary names.
 */
export function receivedHeader(t: TraceInfo): string {
  const forClause = t.recipients.length === 1 ? `\r\n\tfor <${t.recipients[0]}>;` : ";";
  return (
    `Received: from ${t.helo} (${addressLiteral(t.remoteAddress)})\r\n` +
    `\tby ${t.hostname} (wrenmail) with ${withProtocol(t)} id ${t.id}${forClause} ${rfc5322Date(t.date)}\r\n`
  );
}

// Crockford base32: no I, L, O, U, so an id read aloud or copied by hand survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A queue id of 18 base32 characters: 10 of milliseconds (ids sort by time) and 8 random ones
 * (40 bits), e.g. `01K0A8Z3QH7M4XWPTA`. Unique enough to name a message in logs and headers.
 */
export function newQueueId(now = Date.now()): string {
  let t = now;
  let time = "";
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const rnd = new Uint8Array(8);
  crypto.getRandomValues(rnd);
  let tail = "";
  for (const b of rnd) tail += ALPHABET[b & 31];
  return time + tail;
}
