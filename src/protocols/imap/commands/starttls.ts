import { Args } from "../args.ts";
import { bad, statusLine } from "../response.ts";
import { NOT_AUTHENTICATED } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * STARTTLS (RFC 9051 6.2.1). Only before login, on a STARTTLS service. The tagged OK is the last
 * plaintext; bytes the client pipelined after the command are dropped (never answered under TLS),
 * and the client must ask for CAPABILITY again.
 */
export const STARTTLS: ImapCommandSpec = {
  name: "STARTTLS",
  states: NOT_AUTHENTICATED,
  async run(s, cmd) {
    new Args(cmd.args, "STARTTLS").end();
    if (s.secure) throw bad("TLS is already active");
    if (!s.startTlsAvailable) throw bad("STARTTLS is not available on this service");
    await s.write(statusLine(cmd.tag, "OK", "begin TLS negotiation now"));
    await s.upgrade();
    // The tagged response is already out; tell the session there is nothing more to say.
    return { answered: true };
  },
};
