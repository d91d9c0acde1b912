import { latin1 } from "../../../io/mod.ts";
import { addressLiteral } from "../trace.ts";
import { ehloKeywords } from "../extensions.ts";
import { isAddressLiteral } from "../parser.ts";
import { SmtpError } from "../reply.ts";
import type { SmtpSession } from "../session.ts";
import { ANY_STATE } from "../state.ts";
import type { SmtpCommand } from "./types.ts";

// Lenient on purpose (RFC 5321 §4.1.4: a server must not refuse mail over the EHLO name):
// underscores and a final dot occur in real client names. It still keeps the name one token of
// hostname characters, since it is copied into the trace header.
const NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/;

/** The HELO/EHLO argument, checked. */
function clientName(verb: string, args: Uint8Array): string {
  if (!args.length) throw new SmtpError(501, "5.5.4", `Syntax: ${verb} hostname`);
  const name = latin1(args);
  const ok = name.length <= 255 && (NAME.test(name) || (name.startsWith("[") && name.endsWith("]") && isAddressLiteral(name.slice(1, -1))));
  if (!ok) throw new SmtpError(501, "5.5.2", `Syntax: ${verb} hostname (a domain name or an address literal)`);
  return name;
}

function greet(s: SmtpSession, name: string, esmtp: boolean): void {
  s.helo = name;
  s.esmtp = esmtp;
  // RFC 5321 §4.1.4: HELO/EHLO in the middle of a transaction resets it.
  s.state = { kind: "ready" };
}

/** HELO domain (RFC 5321 §4.1.1.1). */
export const HELO: SmtpCommand = {
  verb: "HELO",
  states: ANY_STATE,
  async run(s, args) {
    const name = clientName("HELO", args);
    greet(s, name, false);
    await s.reply(250, undefined, `${s.ctx.hostname} Hello ${name} ${addressLiteral(s.conn.remote.address)}`);
  },
};

/** EHLO domain (RFC 5321 §4.1.1.1): the greeting plus the extensions on offer. */
export const EHLO: SmtpCommand = {
  verb: "EHLO",
  states: ANY_STATE,
  async run(s, args) {
    const name = clientName("EHLO", args);
    greet(s, name, true);
    await s.send({ code: 250, lines: [`${s.ctx.hostname} Hello ${name} ${addressLiteral(s.conn.remote.address)}`, ...ehloKeywords(s)] });
  },
};
