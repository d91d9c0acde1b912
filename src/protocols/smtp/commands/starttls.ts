import { SmtpError } from "../reply.ts";
import type { SmtpCommand } from "./types.ts";

/**
 * STARTTLS (RFC 3207). Only after EHLO and outside a transaction. Bytes the client pipelined
 * after it are dropped, never read as commands under TLS (CVE-2011-0411), and the session starts
 * over: the client must EHLO again, and any AUTH is forgotten.
 */
export const STARTTLS: SmtpCommand = {
  verb: "STARTTLS",
  states: ["ready"],
  outOfSequence: (s) =>
    s.state.kind === "connected"
      ? new SmtpError(503, "5.5.1", "send EHLO first")
      : new SmtpError(503, "5.5.1", "STARTTLS not allowed during a mail transaction"),
  async run(s, args) {
    if (args.length) throw new SmtpError(501, "5.5.4", "Syntax: STARTTLS (no arguments)");
    if (s.secure) throw new SmtpError(503, "5.5.1", "TLS already active");
    if (!s.startTlsAvailable) throw new SmtpError(502, "5.5.1", "STARTTLS not available on this service");
    await s.reply(220, "2.0.0", "ready to start TLS");
    await s.upgrade();
  },
};
