import { SmtpError } from "../reply.ts";
import { ANY_STATE } from "../state.ts";
import type { SmtpCommand } from "./types.ts";

/** RSET (RFC 5321 §4.1.1.5): drops the mail transaction, keeps HELO, TLS and AUTH. */
export const RSET: SmtpCommand = {
  verb: "RSET",
  states: ANY_STATE,
  async run(s, args) {
    if (args.length) throw new SmtpError(501, "5.5.4", "Syntax: RSET (no arguments)");
    s.resetTransaction();
    await s.reply(250, "2.0.0", "OK");
  },
};
