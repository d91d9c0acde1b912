import { ANY_STATE } from "../state.ts";
import type { SmtpCommand } from "./types.ts";

/** NOOP [string] (RFC 5321 §4.1.1.9): the argument is allowed and ignored. */
export const NOOP: SmtpCommand = {
  verb: "NOOP",
  states: ANY_STATE,
  run: (s) => void s.reply(250, "2.0.0", "OK"),
};
