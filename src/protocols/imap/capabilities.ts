/**
 * What the server announces (CAPABILITY, the greeting, the tagged OK of a login). Only what
 * really works is listed. Before login the list also says how to log in: STARTTLS while it is
 * available, and either AUTH=PLAIN or LOGINDISABLED (RFC 9051 6.2.3) depending on TLS and
 * `allowPlaintextAuth`.
 *
 * @module
 */
import type { ImapSession } from "./session.ts";

/** Extensions available in every state. */
const BASE = [
  "IMAP4rev1",
  "IMAP4rev2",
  "LITERAL+",
  "SASL-IR",
  "ENABLE",
  "ID",
  "IDLE",
  "NAMESPACE",
  "UNSELECT",
  "UIDPLUS",
  "MOVE",
  "CHILDREN",
  "LIST-EXTENDED",
  "LIST-STATUS",
  "SPECIAL-USE",
  "CONDSTORE",
  "QRESYNC",
  "ESEARCH",
  "SEARCHRES",
  "QUOTA",
  "QUOTA=RES-STORAGE",
  "STATUS=SIZE",
  "BINARY",
  "MULTIAPPEND",
  "UTF8=ACCEPT",
  "WITHIN",
];

/** The capability list for this session right now. */
export function capabilities(s: ImapSession): string[] {
  const caps = [...BASE, `APPENDLIMIT=${s.limits.maxLiteralSize}`];
  if (s.state.kind === "notAuthenticated") {
    if (s.startTlsAvailable) caps.push("STARTTLS");
    if (s.authAvailable) caps.push("AUTH=PLAIN");
    else caps.push("LOGINDISABLED");
  }
  return caps;
}
