/**
 * Text for IMAP SEARCH: what a user would see, not what is stored. Bodies are transfer-decoded and
 * converted from their charset; header values are unfolded with encoded words decoded.
 *
 * A text part with no charset, or one this runtime cannot decode, is read as UTF-8 when it is valid
 * UTF-8 and as windows-1252 otherwise (8-bit mail that says nothing is one of the two in practice).
 * A part with an unknown transfer encoding is searched as stored.
 *
 * @module
 */
import { utf8Strictly } from "../io/ascii.ts";
import { charsetDecoder, decodeWindows1252 } from "./charset.ts";
import { param } from "./content.ts";
import { decodeWords } from "./encoded-words.ts";
import { headerEntries, headerValues } from "./header-fields.ts";
import { decodeBody } from "./transfer-encoding.ts";
import type { MessageSummary, MimePart } from "./types.ts";

/** Bytes in `charset` (or unlabelled) as text, never failing. */
export function textOf(bytes: Uint8Array, charset: string | undefined): string {
  const d = charset ? charsetDecoder(charset) : null;
  if (d) return d(bytes);
  return utf8Strictly(bytes) ?? decodeWindows1252(bytes);
}

/** The decoded text of one text/* part (transfer encoding undone, charset applied). */
export function decodeText(bytes: Uint8Array, part: MimePart): string {
  const body = decodeBody(bytes, part) ?? bytes.subarray(part.bodyStart, part.bodyEnd);
  return textOf(body, param(part, "charset"));
}

/** Decoded values of every field named `name` (SEARCH FROM/TO/CC/BCC/SUBJECT/HEADER). */
export function searchHeader(bytes: Uint8Array, part: MimePart, name: string): string[] {
  return headerValues(bytes, part, name).map(decodeWords);
}

/** The whole header as decoded `Name: value` lines (the header half of SEARCH TEXT). */
export function searchHeaderText(bytes: Uint8Array, part: MimePart): string {
  return headerEntries(bytes, part)
    .map(([n, v]) => `${n}: ${decodeWords(v)}`)
    .join("\n");
}

/**
 * The decoded text of every text/* part, in order, for SEARCH BODY (and with searchHeaderText,
 * SEARCH TEXT). An attached message counts with its header: it is part of this message's body.
 */
export function searchText(bytes: Uint8Array, summary: MessageSummary): string {
  const out: string[] = [];
  const walk = (p: MimePart) => {
    if (p.parts) for (const c of p.parts) walk(c);
    else if (p.message) {
      out.push(searchHeaderText(bytes, p.message.part));
      walk(p.message.part);
    } else if (p.type === "text") out.push(decodeText(bytes, p));
  };
  walk(summary.part);
  return out.join("\n");
}
