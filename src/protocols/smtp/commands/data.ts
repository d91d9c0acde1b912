import { MessageBuffer } from "../message-buffer.ts";
import { SmtpError } from "../reply.ts";
import { finishMessage } from "./deliver.ts";
import type { SmtpCommand } from "./types.ts";

/**
 * DATA (RFC 5321 §4.1.1.4): 354, then the text up to CRLF "." CRLF and nothing else (the reader
 * never ends it at a bare LF or CR: SMTP smuggling). A message over SIZE is read to its end
 * without being kept, then refused with 552.
 */
export const DATA: SmtpCommand = {
  verb: "DATA",
  states: ["rcpt"],
  transaction: true,
  outOfSequence: (s) => {
    switch (s.state.kind) {
      case "connected":
        return new SmtpError(503, "5.5.1", "send HELO/EHLO first");
      case "ready":
        return new SmtpError(503, "5.5.1", "need MAIL and RCPT before DATA");
      case "mail":
        return new SmtpError(554, "5.5.1", "no valid recipients");
      default:
        return new SmtpError(503, "5.5.1", "DATA not allowed after BDAT");
    }
  },
  async run(s, args) {
    const st = s.state;
    if (st.kind !== "rcpt") throw new Error("DATA outside a transaction");
    if (args.length) throw new SmtpError(501, "5.5.4", "Syntax: DATA (no arguments)");
    await s.reply(354, undefined, "end data with <CR><LF>.<CR><LF>");
    await s.flush();
    const max = s.limits.maxMessageSize;
    const message = new MessageBuffer(max);
    const data = s.reader.readDotData(max);
    for (;;) {
      const r = await s.guard(data.next());
      if (r.done) break;
      message.add(r.value);
    }
    const result = data.result!;
    await finishMessage(s, st.tx, message, result.tooBig, result.bareCr || result.bareLf);
  },
};
