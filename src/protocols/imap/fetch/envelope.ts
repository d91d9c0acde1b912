/**
 * ENVELOPE (RFC 9051 7.5.2): the summary's header values, raw (encoded words stay encoded, as the
 * RFC asks), each a quoted string when safe, else a literal.
 *
 * @module
 */
import type { Envelope, EnvelopeAddress } from "../../../mime/types.ts";
import type { Out } from "./out.ts";

export function renderEnvelope(out: Out, e: Envelope, utf8Accept: boolean): void {
  out.text("(");
  out.nstring(e.date, utf8Accept).text(" ");
  out.nstring(e.subject, utf8Accept).text(" ");
  for (const list of [e.from, e.sender, e.replyTo, e.to, e.cc, e.bcc]) {
    addresses(out, list, utf8Accept);
    out.text(" ");
  }
  out.nstring(e.inReplyTo, utf8Accept).text(" ");
  out.nstring(e.messageId, utf8Accept).text(")");
}

/** `((name adl mailbox host)(…))` — addresses follow each other without a space — or NIL. */
function addresses(out: Out, list: EnvelopeAddress[] | null, utf8Accept: boolean): void {
  if (!list || !list.length) {
    out.text("NIL");
    return;
  }
  out.text("(");
  for (const a of list) {
    out.text("(");
    out.nstring(a.name, utf8Accept).text(" ");
    out.nstring(a.adl, utf8Accept).text(" ");
    out.nstring(a.mailbox, utf8Accept).text(" ");
    out.nstring(a.host, utf8Accept).text(")");
  }
  out.text(")");
}
