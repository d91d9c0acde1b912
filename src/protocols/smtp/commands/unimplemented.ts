import { SmtpError } from "../reply.ts";
import { ANY_STATE } from "../state.ts";
import type { SmtpCommand } from "./types.ts";

/**
 * Verbs of RFC 821/5321 and old extensions this server does not offer: 502, which tells a client
 * "known, not here" rather than 500 "never heard of it".
 */
export const UNIMPLEMENTED: SmtpCommand[] = ["TURN", "ETRN", "ATRN", "SEND", "SOML", "SAML", "VERB"].map((verb) => ({
  verb,
  states: ANY_STATE,
  run() {
    throw new SmtpError(502, "5.5.1", `${verb} not implemented`);
  },
}));
