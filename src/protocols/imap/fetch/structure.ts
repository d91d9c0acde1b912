/**
 * BODY (non-extensible) and BODYSTRUCTURE (extensible) from a MIME summary (RFC 9051 7.5.2,
 * grammar `body` in section 9).
 *
 * Types, subtypes, parameter names, the transfer encoding and the disposition type are sent upper
 * case, as in the RFC's own examples: the summary keeps them lower case (they are case-insensitive
 * tokens), so no original spelling survives to echo. Parameter values are sent as stored.
 * A text part without a charset gets ("CHARSET" "US-ASCII"), the RFC 2045 default, as Dovecot and
 * Cyrus do, so clients need not know the default.
 *
 * @module
 */
import type { MimePart } from "../../../mime/types.ts";
import { renderEnvelope } from "./envelope.ts";
import type { Out } from "./out.ts";

/** Stands in for a multipart with no children, which the grammar (1*body) cannot express. */
const EMPTY_TEXT: MimePart = {
  headerStart: 0,
  bodyStart: 0,
  bodyEnd: 0,
  type: "text",
  subtype: "plain",
  params: [],
  id: null,
  description: null,
  encoding: "7BIT",
  size: 0,
  lines: 0,
  md5: null,
  disposition: null,
  language: null,
  location: null,
};

/** Appends `body` (extensible = BODYSTRUCTURE, else BODY). */
export function renderStructure(out: Out, part: MimePart, extensible: boolean, utf8Accept: boolean): void {
  out.text("(");
  if (part.type === "multipart") {
    const children = part.parts?.length ? part.parts : [EMPTY_TEXT];
    for (const child of children) renderStructure(out, child, extensible, utf8Accept);
    out.text(" ").string(part.subtype.toUpperCase(), utf8Accept);
    if (extensible) {
      // body-ext-mpart = body-fld-param SP body-fld-dsp SP body-fld-lang SP body-fld-loc
      out.text(" ");
      params(out, part.params, utf8Accept);
      out.text(" ");
      extension(out, part, utf8Accept);
    }
    out.text(")");
    return;
  }
  out.string(part.type.toUpperCase(), utf8Accept).text(" ").string(part.subtype.toUpperCase(), utf8Accept).text(" ");
  const ps = part.type === "text" && !part.params.some(([k]) => k === "charset") ? [...part.params, ["charset", "US-ASCII"] as [string, string]] : part.params;
  params(out, ps, utf8Accept);
  out.text(" ").nstring(part.id, utf8Accept);
  out.text(" ").nstring(part.description, utf8Accept);
  out.text(" ").string(part.encoding.toUpperCase(), utf8Accept);
  out.text(` ${part.size}`);
  if (part.type === "message" && part.message) {
    // body-type-msg: envelope, body and lines of the encapsulated message.
    out.text(" ");
    renderEnvelope(out, part.message.envelope, utf8Accept);
    out.text(" ");
    renderStructure(out, part.message.part, extensible, utf8Accept);
    out.text(` ${part.lines}`);
  } else if (part.type === "text") {
    out.text(` ${part.lines}`);
  }
  if (extensible) {
    // body-ext-1part = body-fld-md5 SP body-fld-dsp SP body-fld-lang SP body-fld-loc
    out.text(" ").nstring(part.md5, utf8Accept).text(" ");
    extension(out, part, utf8Accept);
  }
  out.text(")");
}

/** body-fld-dsp SP body-fld-lang SP body-fld-loc. */
function extension(out: Out, part: MimePart, utf8Accept: boolean): void {
  if (part.disposition) {
    out.text("(").string(part.disposition.type.toUpperCase(), utf8Accept).text(" ");
    params(out, part.disposition.params, utf8Accept);
    out.text(")");
  } else out.text("NIL");
  out.text(" ");
  if (part.language?.length) {
    out.text("(");
    part.language.forEach((l, i) => (i ? out.text(" ") : out).string(l, utf8Accept));
    out.text(")");
  } else out.text("NIL");
  out.text(" ").nstring(part.location, utf8Accept);
}

/** body-fld-param: `("NAME" "value" …)` or NIL. */
function params(out: Out, ps: readonly [string, string][], utf8Accept: boolean): void {
  if (!ps.length) {
    out.text("NIL");
    return;
  }
  out.text("(");
  ps.forEach(([k, v], i) => {
    if (i) out.text(" ");
    out.string(k.toUpperCase(), utf8Accept).text(" ").string(v, utf8Accept);
  });
  out.text(")");
}
