/**
 * The header block of one MIME entity as field positions, not strings: FETCH BODY[HEADER.FIELDS]
 * must return the field lines exactly as stored, and most fields are never looked at.
 *
 * Lines end with CRLF or a bare LF (both are seen in stored mail). The block ends at the first empty
 * line, at `end`, or where `stop` says a line is a multipart boundary (a part's header cut short by
 * the next delimiter has no body).
 *
 * @module
 */
import { asciiLower, latin1, unfold } from "./text.ts";

const LF = 10;
const CR = 13;
const SP = 32;
const HT = 9;
const COLON = 58;
/** RFC 5322 field-name: printable ASCII except the colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** One header field: `bytes[start, end)` is its lines as stored, terminators and continuation lines included. */
export interface HeaderField {
  /** Lower-case name, trailing whitespace removed (obsolete `Subject :`); "" for a line with no colon. */
  name: string;
  start: number;
  /** After the colon; `end` when there is none. */
  valueStart: number;
  end: number;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Where the body starts: after the empty line, or where the header stopped without one. */
  bodyStart: number;
  /** True when the header was cut short by a line `stop` recognised. */
  stopped: boolean;
}

/** Where the line at `pos` ends (after its LF), bounded by `end`. */
export function lineEnd(bytes: Uint8Array, pos: number, end: number): number {
  const lf = bytes.indexOf(LF, pos);
  return lf < 0 || lf >= end ? end : lf + 1;
}

/** Parses the header block in `bytes[start, end)`. */
export function parseHeader(bytes: Uint8Array, start: number, end: number, stop?: (lineStart: number) => boolean): HeaderBlock {
  const fields: HeaderField[] = [];
  let pos = start;
  let current: HeaderField | null = null;
  while (pos < end) {
    const b = bytes[pos];
    if (b === LF) return { fields, bodyStart: pos + 1, stopped: false };
    if (b === CR && pos + 1 < end && bytes[pos + 1] === LF) return { fields, bodyStart: pos + 2, stopped: false };
    if (stop && stop(pos)) return { fields, bodyStart: pos, stopped: true };
    const next = lineEnd(bytes, pos, end);
    if ((b === SP || b === HT) && current) {
      current.end = next;
    } else {
      // A line that is not a field (no colon, or whitespace inside the name: an mbox "From " line,
      // garbage) is kept as a nameless field so that the block's bytes stay accounted for; nothing
      // looks it up. Whitespace before the colon is the obsolete `Subject :` and allowed.
      let colon = b === SP || b === HT ? -1 : bytes.indexOf(COLON, pos);
      if (colon >= next) colon = -1;
      let name = colon < 0 ? "" : asciiLower(latin1(bytes, pos, colon).replace(/[ \t]+$/, ""));
      if (!FIELD_NAME.test(name)) name = "";
      current = { name, start: pos, valueStart: colon < 0 ? next : colon + 1, end: next };
      fields.push(current);
    }
    pos = next;
  }
  return { fields, bodyStart: end, stopped: false };
}

/** A field's value as a byte string, unfolded and trimmed. */
export function fieldValue(bytes: Uint8Array, f: HeaderField): string {
  return unfold(latin1(bytes, f.valueStart, f.end));
}

/** The first field named `name` (lower-case), or undefined. */
export function firstField(fields: readonly HeaderField[], name: string): HeaderField | undefined {
  for (const f of fields) if (f.name === name) return f;
  return undefined;
}
