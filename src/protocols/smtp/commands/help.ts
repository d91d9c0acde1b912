import { ANY_STATE } from "../state.ts";
import type { SmtpCommand } from "./types.ts";

/** HELP [topic] (RFC 5321 §4.1.1.8): one answer whatever the topic. */
export const HELP: SmtpCommand = {
  verb: "HELP",
  states: ANY_STATE,
  async run(s) {
    await s.send({
      code: 214,
      enhanced: "2.0.0",
      lines: [
        "Commands: HELO EHLO STARTTLS AUTH MAIL RCPT DATA BDAT RSET NOOP VRFY HELP QUIT",
        `See RFC 5321; write to postmaster@${s.ctx.hostname} about problems with this server`,
      ],
    });
  },
};
