import type { SmtpError } from "../reply.ts";
import type { SmtpSession } from "../session.ts";
import type { StateKind } from "../state.ts";

/** One SMTP command: where it may run and what it does. */
export interface SmtpCommand {
  /** Upper-case verb. */
  verb: string;
  /** States the command may run in; elsewhere it gets `outOfSequence`'s reply. */
  states: readonly StateKind[];
  /**
   * Part of sending mail (MAIL, RCPT, DATA, BDAT, QUIT): not counted toward
   * `maxCommandsBeforeMail`, which bounds everything else a client can loop on.
   */
  transaction?: boolean;
  /** The refusal outside `states` (default: 503 5.5.1, naming what must come first). */
  outOfSequence?: (s: SmtpSession) => SmtpError;
  /** Runs the command; `args` is the line after the verb. Refusals are thrown as SmtpError. */
  run(s: SmtpSession, args: Uint8Array): Promise<void> | void;
}
