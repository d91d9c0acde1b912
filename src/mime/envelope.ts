/**
 * The IMAP ENVELOPE (RFC 3501 7.4.2) of one message header. Values are raw (unfolded, trimmed,
 * encoded words kept); the first occurrence of a field counts (Dovecot takes the last Subject, but
 * RFC 5322 allows one, and a reader shows the first).
 *
 * @module
 */
import { parseAddressList } from "./address.ts";
import { fieldValue, firstField, type HeaderField } from "./header.ts";
import { display } from "./text.ts";
import type { Envelope, EnvelopeAddress } from "./types.ts";

/** An envelope with every member NIL (a message that has no header, or one we do not parse). */
export function emptyEnvelope(): Envelope {
  return { date: null, subject: null, from: null, sender: null, replyTo: null, to: null, cc: null, bcc: null, inReplyTo: null, messageId: null };
}

export function envelopeOf(bytes: Uint8Array, fields: readonly HeaderField[]): Envelope {
  const text = (name: string): string | null => {
    const f = firstField(fields, name);
    return f ? display(fieldValue(bytes, f)) : null;
  };
  const addresses = (name: string): EnvelopeAddress[] | null => {
    const f = firstField(fields, name);
    if (!f) return null;
    const list = parseAddressList(fieldValue(bytes, f));
    return list.length > 0 ? list : null;
  };
  const from = addresses("from");
  return {
    date: text("date"),
    subject: text("subject"),
    from,
    // RFC 3501: absent or empty Sender / Reply-To take the value of From.
    sender: addresses("sender") ?? from,
    replyTo: addresses("reply-to") ?? from,
    to: addresses("to"),
    cc: addresses("cc"),
    bcc: addresses("bcc"),
    inReplyTo: text("in-reply-to"),
    messageId: text("message-id"),
  };
}
