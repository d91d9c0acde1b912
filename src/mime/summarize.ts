/**
 * `summarize(bytes)`: the MIME structure of a stored message, computed once (delivery, APPEND)
 * so IMAP never re-parses for ENVELOPE, BODYSTRUCTURE or BODY[section].
 *
 * One pass over the bytes with the stack of open multipart boundaries (see boundary.ts): each
 * entity reads its header, then its body up to the next delimiter line of ANY open multipart, so a
 * missing close delimiter, a part cut short by its parent's boundary, or a header with no body all
 * end where a reader expects. Preamble and epilogue belong to no part. The CRLF (or LF) before a
 * delimiter line belongs to the delimiter (RFC 2046 5.1.1), so it is not in the part's body
 * (with Dovecot's exceptions, see `floor` in entity).
 *
 * Shapes that need a decision (each the same as Dovecot's, checked in tests/mime/dovecot.test.ts):
 * - multipart with no boundary parameter, or whose body has no delimiter: `parts: []`;
 * - message/rfc822 or message/global with a transfer encoding other than 7bit/8bit/binary (the
 *   body is not a message until decoded) or with no body: `message` holds an empty envelope and an
 *   empty text/plain part at the end of the body, so every message/* part has `message`;
 * - a multipart or message at nesting level MAX_DEPTH: application/octet-stream (limits.ts);
 * - `lines` counts LFs in the body for text/* and message/* parts, 0 for others.
 *
 * Never throws; linear in the size of the message (times the nesting depth on delimiter-like lines).
 *
 * @module
 */
import { delimiterAt, nextDelimiter, type Delimiter, type ScanState } from "./boundary.ts";
import { describe } from "./content.ts";
import { emptyEnvelope, envelopeOf } from "./envelope.ts";
import { lineEnd, parseHeader, type HeaderField } from "./header.ts";
import { MAX_DEPTH } from "./limits.ts";
import type { MessageSummary, MimePart } from "./types.ts";

const LF = 10;
const CR = 13;

interface Parsed {
  part: MimePart;
  fields: HeaderField[];
  /** The delimiter line (or end of bytes) that ended this entity. */
  end: Delimiter;
  /** The content end may not be moved before this (see `floor` in entity). */
  floor: number;
}

export function summarize(bytes: Uint8Array): MessageSummary {
  const s: ScanState = { bytes, stack: [], parts: 0 };
  const top = entity(s, 0, 1, "text/plain");
  return { v: 1, envelope: envelopeOf(bytes, top.fields), part: top.part };
}

/** Where content that a delimiter line at `d` ends stops: before the line break that precedes it, never before `floor`. */
function contentEnd(bytes: Uint8Array, d: Delimiter, floor: number): number {
  if (d.hit < 0) return bytes.length;
  let e = d.pos;
  if (e > floor && bytes[e - 1] === LF) {
    e--;
    if (e > floor && bytes[e - 1] === CR) e--;
  }
  return e;
}

function countLines(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(LF, start); i >= 0 && i < end; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/** An empty text/plain entity at `at` (the encapsulated "message" of a message part we do not open). */
function emptyPart(at: number): MimePart {
  return {
    headerStart: at, bodyStart: at, bodyEnd: at, type: "text", subtype: "plain", params: [], id: null, description: null,
    encoding: "7BIT", size: 0, lines: 0, md5: null, disposition: null, language: null, location: null,
  };
}

function entity(s: ScanState, start: number, level: number, defaultType: "text/plain" | "message/rfc822"): Parsed {
  const { bytes } = s;
  s.parts++;
  const header = parseHeader(bytes, start, bytes.length, s.stack.length > 0 ? (p) => delimiterAt(s, p) !== null : undefined);
  const d = describe(bytes, header.fields, defaultType);
  const { boundary, ...described } = d;
  const part: MimePart = { headerStart: start, bodyStart: header.bodyStart, bodyEnd: header.bodyStart, ...described, size: 0, lines: 0 };

  const isMultipart = part.type === "multipart";
  const isMessage = part.type === "message" && (part.subtype === "rfc822" || part.subtype === "global");
  if ((isMultipart || isMessage) && level >= MAX_DEPTH) {
    part.type = "application";
    part.subtype = "octet-stream";
  }
  const opened = level < MAX_DEPTH;

  let end: Delimiter;
  // The line break before the delimiter that ends us belongs to the delimiter, so our body ends
  // before it, but never before `floor`, where Dovecot (whose BODYSTRUCTURE sizes clients have
  // seen) stops taking it: our own header start, so the header's empty line can be the one taken
  // (`Content-Type: x` CRLF CRLF `--b`: no empty line, empty body); after a nested close delimiter
  // line (`--inner--` CRLF `--outer`: the nested multipart, and a message/rfc822 holding it, keep
  // that CRLF, where RFC 2046's grammar would give it away); and for a multipart or message, the
  // floor of its last part, so parent and last child always end at the same byte.
  let floor = part.headerStart;
  if (header.stopped) {
    // A delimiter cut the header short: no body.
    end = delimiterAt(s, header.bodyStart)!;
    if (isMultipart && opened) part.parts = [];
  } else if (isMultipart && opened && boundary && boundary.length > 0) {
    const body = multipartBody(s, part, boundary, level);
    part.parts = body.parts;
    end = body.end;
    floor = body.floor;
  } else if (isMessage && opened && (part.encoding === "7BIT" || part.encoding === "8BIT" || part.encoding === "BINARY")) {
    const inner = entity(s, part.bodyStart, level + 1, "text/plain");
    part.message = { envelope: envelopeOf(bytes, inner.fields), part: inner.part };
    end = inner.end;
    floor = inner.floor;
  } else {
    end = nextDelimiter(s, part.bodyStart);
    if (isMultipart && opened) part.parts = [];
  }
  part.bodyEnd = contentEnd(bytes, end, floor);
  if (part.bodyEnd < part.bodyStart) part.bodyStart = part.bodyEnd;
  part.size = part.bodyEnd - part.bodyStart;
  if (isMessage && opened && !part.message) part.message = { envelope: emptyEnvelope(), part: emptyPart(part.bodyEnd) };
  if (part.type === "text" || part.type === "message") part.lines = countLines(bytes, part.bodyStart, part.bodyEnd);
  return { part, fields: header.fields, end, floor };
}

/**
 * Reads a multipart body: preamble, parts, epilogue. Returns its parts, the delimiter (of an
 * enclosing multipart) or end that ended it, and the floor for its content end: after the close
 * delimiter line when there was one, else its last part's (an empty last part that starts right
 * at the enclosing delimiter leaves the line break before it in the multipart, as Dovecot does).
 */
function multipartBody(s: ScanState, part: MimePart, boundary: Uint8Array, level: number): { parts: MimePart[]; end: Delimiter; floor: number } {
  const { bytes } = s;
  const own = s.stack.length;
  s.stack.push(boundary);
  const childType = part.subtype === "digest" ? "message/rfc822" : "text/plain";
  const parts: MimePart[] = [];
  let d = nextDelimiter(s, part.bodyStart);
  let floor = part.headerStart;
  while (d.hit === own) {
    const after = lineEnd(bytes, d.pos, bytes.length);
    if (d.close) {
      // Epilogue: our boundary is done; only an enclosing one can end it.
      s.stack.length = own;
      d = nextDelimiter(s, after);
      floor = after;
      break;
    }
    const child = entity(s, after, level + 1, childType);
    parts.push(child.part);
    d = child.end;
    floor = child.floor;
  }
  s.stack.length = own;
  return { parts, end: d, floor };
}
