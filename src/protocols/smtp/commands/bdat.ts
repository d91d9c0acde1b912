import { latin1 } from "../../../io/mod.ts";
import { hasBareLineEnding } from "../line-endings.ts";
import { MessageBuffer } from "../message-buffer.ts";
import { SmtpError } from "../reply.ts";
import type { SmtpSession } from "../session.ts";
import { ANY_STATE } from "../state.ts";
import { finishMessage } from "./deliver.ts";
import type { SmtpCommand } from "./types.ts";

const ARGS = /^(\d{1,15})( +LAST)?$/i;

/**
 * BDAT size [LAST] (RFC 3030 CHUNKING). The chunk's bytes follow the command at once, so they
 * are consumed whatever the answer — an out-of-sequence BDAT too — or they would be read as
 * commands. A size that does not parse leaves no way to find the next command: 501, then close.
 * Past SIZE, the rest of the chunks are read and dropped, each answered 552, until LAST.
 */
export const BDAT: SmtpCommand = {
  verb: "BDAT",
  states: ANY_STATE,
  transaction: true,
  async run(s, args) {
    const m = ARGS.exec(latin1(args));
    if (!m) throw new SmtpError(501, "5.5.4", "Syntax: BDAT chunk-size [LAST]; closing, the chunk cannot be found", { close: true });
    const size = Number(m[1]);
    const last = m[2] !== undefined;
    const st = s.state;
    if (st.kind !== "rcpt" && st.kind !== "bdat") {
      await skip(s, size);
      throw sequenceError(s);
    }
    const message = st.kind === "bdat" ? st.message : new MessageBuffer(s.limits.maxMessageSize);
    const chunks = s.reader.readChunks(size);
    for (;;) {
      const r = await s.guard(chunks.next());
      if (r.done) break;
      message.add(r.value);
    }
    if (last) {
      await finishMessage(s, st.tx, message, message.tooBig, !message.tooBig && hasBareLineEnding(message.bytes()));
      return;
    }
    s.state = { kind: "bdat", tx: st.tx, message };
    if (message.tooBig) {
      throw new SmtpError(552, "5.3.4", `message size exceeds fixed maximum message size (${s.limits.maxMessageSize} bytes)`, { bad: false });
    }
    await s.reply(250, "2.0.0", `${size} octets received`);
  },
};

async function skip(s: SmtpSession, n: number): Promise<void> {
  await s.guard(s.reader.readChunks(n).finish());
}

function sequenceError(s: SmtpSession): SmtpError {
  switch (s.state.kind) {
    case "connected":
      return new SmtpError(503, "5.5.1", "send HELO/EHLO first");
    case "mail":
      return new SmtpError(554, "5.5.1", "no valid recipients");
    default:
      return new SmtpError(503, "5.5.1", "need MAIL and RCPT before BDAT");
  }
}
