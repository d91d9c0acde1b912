/**
 * FETCH BODY[section] (RFC 3501 6.4.5, RFC 9051 6.4.5): the bytes a section spec names, from the
 * stored message and its summary.
 *
 * Part numbers: the parts of a multipart are 1..n; a message that is not multipart has one part,
 * 1, its body; a message/rfc822 part's numbers continue into the encapsulated message (2.1 is part
 * 1 of the message attached as part 2). HEADER, HEADER.FIELDS[.NOT] and TEXT apply to the whole
 * message (empty path) or to an encapsulated one (path ends at a message/rfc822 part); MIME applies
 * to a part (non-empty path) and is that part's own header.
 *
 * A spec that names nothing (a part number that does not exist, `1.1` of a text part, HEADER of a
 * part that is not a message, MIME with no path) gives null; the IMAP layer answers as it sees fit
 * (Dovecot sends an empty string).
 *
 * @module
 */
import { headerFields } from "./header-fields.ts";
import type { MessageSummary, MimePart } from "./types.ts";

export interface SectionSpec {
  path: number[];
  text?: "HEADER" | "HEADER.FIELDS" | "HEADER.FIELDS.NOT" | "TEXT" | "MIME";
  /** Field names for HEADER.FIELDS / HEADER.FIELDS.NOT. */
  fields?: string[];
}

/** The part a path leads to inside the message whose top entity is `top` ([] gives `top`), or null. */
export function resolvePart(top: MimePart, path: readonly number[]): MimePart | null {
  if (path.length === 0) return top;
  let current = childOfMessage(top, path[0]);
  for (let i = 1; current && i < path.length; i++) {
    const n = path[i];
    if (current.parts) current = current.parts[n - 1] ?? null;
    else if (current.message) current = childOfMessage(current.message.part, n);
    else current = null;
  }
  return current;
}

/** Part `n` of a message whose top entity is `top`. */
function childOfMessage(top: MimePart, n: number): MimePart | null {
  if (!Number.isInteger(n) || n < 1) return null;
  if (top.parts) return top.parts[n - 1] ?? null;
  return n === 1 ? top : null;
}

/** The bytes of a section, or null when the spec names nothing. Views into `bytes` where possible. */
export function section(bytes: Uint8Array, summary: MessageSummary, spec: SectionSpec): Uint8Array | null {
  const slice = (start: number, end: number) => bytes.subarray(Math.min(start, bytes.length), Math.min(end, bytes.length));
  const part = resolvePart(summary.part, spec.path);
  if (!part) return null;
  if (!spec.text) return spec.path.length === 0 ? bytes : slice(part.bodyStart, part.bodyEnd);
  if (spec.text === "MIME") return spec.path.length === 0 ? null : slice(part.headerStart, part.bodyStart);
  // HEADER / HEADER.FIELDS / TEXT: of the message itself, or of the message a message/rfc822 part holds.
  const message = spec.path.length === 0 ? summary.part : part.message?.part;
  if (!message) return null;
  switch (spec.text) {
    case "HEADER":
      return slice(message.headerStart, message.bodyStart);
    case "TEXT":
      return slice(message.bodyStart, message.bodyEnd);
    case "HEADER.FIELDS":
    case "HEADER.FIELDS.NOT":
      return headerFields(bytes, message, spec.fields ?? [], { not: spec.text === "HEADER.FIELDS.NOT" });
    default:
      return null;
  }
}
