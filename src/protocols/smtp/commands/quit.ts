import { SmtpError } from "../reply.ts";
import { ANY_STATE } from "../state.ts";
import type { SmtpCommand } from "./types.ts";

/** QUIT (RFC 5321 §4.1.1.10): 221, then the server closes. */
export const QUIT: SmtpCommand = {
  verb: "QUIT",
  states: ANY_STATE,
  transaction: true,
  async run(s, args) {
    if (args.length) throw new SmtpError(501, "5.5.4", "Syntax: QUIT (no arguments)");
    await s.reply(221, "2.0.0", `${s.ctx.hostname} closing connection`);
    s.ending = true;
  },
};
