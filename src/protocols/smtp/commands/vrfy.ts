import { ParseError, parsePath } from "../parser.ts";
import { SmtpError } from "../reply.ts";
import { ANY_STATE } from "../state.ts";
import { backendRefusal, callBackend } from "./backend-call.ts";
import type { SmtpCommand } from "./types.ts";

/**
 * VRFY address (RFC 5321 §3.5). Off by default: 252 2.5.2 says "not verified, send it anyway",
 * the answer §3.5.3 recommends, so nobody harvests addresses. With `vrfy: true` the answer is
 * the recipient check's: 250 for a local mailbox, 252 for one elsewhere, or the refusal.
 */
export const VRFY: SmtpCommand = {
  verb: "VRFY",
  states: ANY_STATE,
  async run(s, args) {
    if (!args.length) throw new SmtpError(501, "5.5.4", "Syntax: VRFY address");
    if (!s.limits.vrfy) return void (await s.reply(252, "2.5.2", "cannot VRFY user, but will accept message and attempt delivery"));
    let address: string;
    try {
      // Clients send both "<user@domain>" and a bare "user@domain".
      const bytes = args[0] === 0x3c ? args : Uint8Array.from([0x3c, ...args, 0x3e]);
      const path = parsePath(bytes, 0, { allowPostmaster: true });
      if (path.end !== bytes.length) throw new ParseError("syntax", "trailing characters");
      address = path.address;
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      throw new SmtpError(501, "5.1.3", `Syntax: VRFY address (${err.message})`);
    }
    const r = await callBackend(s, "checkRecipient", () => s.backend.checkRecipient(s.info, address));
    if (!r.ok) throw backendRefusal(r.reply, true);
    if (r.recipient.local) await s.reply(250, "2.1.5", `<${address}>`);
    else await s.reply(252, "2.5.2", `<${address}> is not local; will attempt delivery`);
  },
};

/** EXPN (RFC 5321 §3.5.2): mailing lists are not expanded for strangers. */
export const EXPN: SmtpCommand = {
  verb: "EXPN",
  states: ANY_STATE,
  run() {
    throw new SmtpError(502, "5.5.1", "EXPN not available");
  },
};

