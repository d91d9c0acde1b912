import { encodeUtf8 } from "../../../io/mod.ts";
import { normalizeLineEndings } from "../line-endings.ts";
import type { MessageBuffer } from "../message-buffer.ts";
import { checkedReply, SmtpError } from "../reply.ts";
import type { SmtpSession } from "../session.ts";
import type { Transaction } from "../state.ts";
import { receivedHeader } from "../trace.ts";
import { callBackend } from "./backend-call.ts";

/**
 * The end of a message (DATA's final dot, BDAT LAST): the transaction is over whatever happens;
 * the message is refused when too big or, under `bareLineEndings: reject`, when it holds a lone
 * CR or LF; otherwise it gets its trace header and goes to the backend, whose reply is sent.
 */
export async function finishMessage(s: SmtpSession, tx: Transaction, message: MessageBuffer, tooBig: boolean, bare: boolean): Promise<void> {
  s.resetTransaction();
  if (tooBig) {
    throw new SmtpError(552, "5.3.4", `message size exceeds fixed maximum message size (${s.limits.maxMessageSize} bytes)`, { bad: false });
  }
  let body = message.bytes();
  if (bare) {
    if (s.limits.bareLineEndings === "reject") {
      throw new SmtpError(550, "5.6.0", "message contains a bare CR or LF; lines must end with CRLF (RFC 5321 2.3.8)", {
        bad: false,
        internal: `refused message ${tx.id}: bare CR or LF in the text`,
      });
    }
    body = normalizeLineEndings(body);
  }
  const header = encodeUtf8(
    receivedHeader({
      helo: s.helo ?? "unknown",
      remoteAddress: s.conn.remote.address,
      hostname: s.ctx.hostname,
      esmtp: s.esmtp,
      secure: s.secure,
      authenticated: s.identity !== undefined,
      utf8: tx.params.smtputf8 === true,
      id: tx.id,
      recipients: tx.recipients.map((r) => r.address),
      date: s.now(),
    }),
  );
  const full = new Uint8Array(header.length + body.length);
  full.set(header);
  full.set(body, header.length);
  const envelope = { id: tx.id, from: tx.from, recipients: tx.recipients, params: tx.params };
  const reply = await callBackend(s, "deliver", () => s.backend.deliver(s.info, envelope, full));
  const r = checkedReply(reply.code, reply.enhanced, reply.text);
  if (r.code < 300) {
    s.log("info", `accepted ${tx.id} from <${tx.from}> for ${tx.recipients.length} recipient(s), ${body.length} bytes`, {
      id: tx.id,
      from: tx.from,
      recipients: tx.recipients.length,
      size: body.length,
    });
  }
  await s.send(r);
}
