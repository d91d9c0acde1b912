/**
 * Section specifiers → byte ranges of the stored message, from the summary's part offsets
 * (RFC 9051 6.4.5 BODY[<section>]): part numbering, HEADER / TEXT of the message or of an
 * encapsulated message/rfc822, MIME headers of a part, HEADER.FIELDS[.NOT] subsets.
 *
 * Results are views into the message bytes (subarray), never copies, except HEADER.FIELDS which
 * builds a new, smaller header.
 *
 * @module
 */
import type { MessageSummary, MimePart } from "../../../mime/types.ts";
import type { Section } from "./plan.ts";

/**
 * The part a list of part numbers names, or null when there is none. The numbering (RFC 9051
 * 6.4.5): the parts of a multipart are 1..n; a message that is not multipart has one part, 1, its
 * body; the numbers after a message/rfc822 part number the parts of the encapsulated message the
 * same way.
 */
export function findPart(top: MimePart, nums: readonly number[]): MimePart | null {
  let cur: MimePart | null = null;
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i];
    let container: MimePart;
    if (i === 0) container = top;
    else if (cur!.message) container = cur!.message.part;
    else if (cur!.type === "multipart") {
      cur = cur!.parts?.[n - 1] ?? null;
      if (!cur) return null;
      continue;
    } else return null;
    cur = child(container, n);
    if (!cur) return null;
  }
  return cur ?? top;
}

/** Part n of a message's top entity: the nth child of a multipart, or the entity itself for n = 1. */
function child(entity: MimePart, n: number): MimePart | null {
  if (entity.type === "multipart") return entity.parts?.[n - 1] ?? null;
  return n === 1 ? entity : null;
}

/**
 * The bytes of a section, or null when the message has no such section (a missing part, or
 * HEADER/TEXT under a part that is not an encapsulated message). `summary` may be null only for
 * the whole message (BODY[]).
 */
export function sectionBytes(body: Uint8Array, summary: MessageSummary | null, s: Section): Uint8Array | null {
  if (!s.part.length && !s.text) return body;
  if (!summary) throw new Error("sectionBytes: a section other than BODY[] needs the MIME summary");
  let entity: MimePart;
  if (!s.part.length) entity = summary.part;
  else {
    const p = findPart(summary.part, s.part);
    if (!p) return null;
    if (s.text === "") return slice(body, p.bodyStart, p.bodyEnd);
    if (s.text === "MIME") return slice(body, p.headerStart, p.bodyStart);
    // HEADER / TEXT / HEADER.FIELDS after part numbers apply to an encapsulated message only.
    if (!p.message) return null;
    entity = p.message.part;
  }
  const header = slice(body, entity.headerStart, entity.bodyStart);
  switch (s.text) {
    case "HEADER":
      return header;
    case "TEXT":
      // The top-level entity's text runs to the end of the stored bytes.
      return slice(body, entity.bodyStart, entity === summary.part ? body.length : entity.bodyEnd);
    case "HEADER.FIELDS":
      return headerFields(header, s.fields!, false);
    case "HEADER.FIELDS.NOT":
      return headerFields(header, s.fields!, true);
    default:
      return null;
  }
}

function slice(body: Uint8Array, start: number, end: number): Uint8Array {
  const a = Math.max(0, Math.min(start, body.length));
  return body.subarray(a, Math.max(a, Math.min(end, body.length)));
}

/**
 * The header fields whose names are (or with `not`, are not) in `names`, in their original order
 * and with their folded continuation lines, followed by the empty line that ends a header
 * (RFC 9051: the subset "includes the blank line"), also when no field matched.
 */
export function headerFields(header: Uint8Array, names: readonly string[], not: boolean): Uint8Array {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const keep: [number, number][] = [];
  let size = 0;
  let i = 0;
  const n = header.length;
  while (i < n) {
    // One field: its first line and every continuation line (starting with SP or TAB).
    const start = i;
    let end = lineEnd(header, i);
    if (end - start <= 2 && isBlankLine(header, start, end)) break;
    while (end < n && (header[end] === 0x20 || header[end] === 0x09)) end = lineEnd(header, end);
    i = end;
    const colon = header.indexOf(0x3a, start);
    if (colon < 0 || colon >= end) continue; // not a field; never passed on
    let nameEnd = colon;
    while (nameEnd > start && (header[nameEnd - 1] === 0x20 || header[nameEnd - 1] === 0x09)) nameEnd--;
    const name = ascii(header, start, nameEnd).toLowerCase();
    if (wanted.has(name) === not) continue;
    keep.push([start, end]);
    size += end - start;
  }
  // A last field without its line end (header cut by the end of the message) gets a CRLF.
  const last = keep[keep.length - 1];
  const addCrlf = last && header[last[1] - 1] !== 0x0a ? 2 : 0;
  const out = new Uint8Array(size + addCrlf + 2);
  let at = 0;
  for (const [a, b] of keep) {
    out.set(header.subarray(a, b), at);
    at += b - a;
  }
  if (addCrlf) {
    out[at++] = 0x0d;
    out[at++] = 0x0a;
  }
  out[at++] = 0x0d;
  out[at] = 0x0a;
  return out;
}

/** Index just past the LF ending the line at `i` (or the end). */
function lineEnd(b: Uint8Array, i: number): number {
  const lf = b.indexOf(0x0a, i);
  return lf < 0 ? b.length : lf + 1;
}

function isBlankLine(b: Uint8Array, start: number, end: number): boolean {
  if (end === start) return true;
  if (end - start === 1) return b[start] === 0x0a;
  return b[start] === 0x0d && b[start + 1] === 0x0a;
}

function ascii(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}
