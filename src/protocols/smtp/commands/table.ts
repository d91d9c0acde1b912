/**
 * The command table: every verb the session knows, each from its own file. The session looks a
 * verb up here, checks the state against the command's `states`, then runs it.
 *
 * @module
 */
import { SmtpError } from "../reply.ts";
import type { SmtpSession } from "../session.ts";
import { AUTH } from "./auth.ts";
import { BDAT } from "./bdat.ts";
import { DATA } from "./data.ts";
import { EHLO, HELO } from "./helo.ts";
import { HELP } from "./help.ts";
import { MAIL } from "./mail.ts";
import { NOOP } from "./noop.ts";
import { QUIT } from "./quit.ts";
import { RCPT } from "./rcpt.ts";
import { RSET } from "./rset.ts";
import { STARTTLS } from "./starttls.ts";
import type { SmtpCommand } from "./types.ts";
import { UNIMPLEMENTED } from "./unimplemented.ts";
import { EXPN, VRFY } from "./vrfy.ts";

export type { SmtpCommand } from "./types.ts";

/** Every command by verb. */
export const COMMANDS: ReadonlyMap<string, SmtpCommand> = new Map(
  [HELO, EHLO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, HELP, VRFY, EXPN, AUTH, STARTTLS, ...UNIMPLEMENTED].map((c) => [c.verb, c]),
);

/** The default out-of-sequence reply: what the client has to do first. */
export function outOfSequence(s: SmtpSession): SmtpError {
  switch (s.state.kind) {
    case "connected":
      return new SmtpError(503, "5.5.1", "send HELO/EHLO first");
    case "ready":
      return new SmtpError(503, "5.5.1", "send MAIL first");
    default:
      return new SmtpError(503, "5.5.1", "not allowed during a mail transaction; send RSET first");
  }
}
