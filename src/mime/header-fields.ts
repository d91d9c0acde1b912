/**
 * Header fields of one entity, read from the stored bytes by the offsets in its summary:
 * values for SEARCH and display, and the raw lines for FETCH BODY[HEADER.FIELDS (...)] and
 * BODY[HEADER.FIELDS.NOT (...)].
 *
 * @module
 */
import { fieldValue, parseHeader, type HeaderField } from "./header.ts";
import { asciiLower, display, latin1 } from "./text.ts";
import type { MimePart } from "./types.ts";

type HeaderRange = Pick<MimePart, "headerStart" | "bodyStart">;

function fieldsOf(bytes: Uint8Array, part: HeaderRange): HeaderField[] {
  const end = Math.min(part.bodyStart, bytes.length);
  return parseHeader(bytes, Math.min(part.headerStart, end), end).fields;
}

/** The first field named `name` (any case), unfolded and trimmed, NOT decoded; null when absent. */
export function headerValue(bytes: Uint8Array, part: HeaderRange, name: string): string | null {
  const n = asciiLower(name);
  for (const f of fieldsOf(bytes, part)) if (f.name === n) return display(fieldValue(bytes, f));
  return null;
}

/** Every field named `name` (any case), in order, unfolded and trimmed, NOT decoded. */
export function headerValues(bytes: Uint8Array, part: HeaderRange, name: string): string[] {
  const n = asciiLower(name);
  return fieldsOf(bytes, part)
    .filter((f) => f.name === n)
    .map((f) => display(fieldValue(bytes, f)));
}

/** Every named field, in order, as [name as written, value unfolded, not decoded] (SEARCH TEXT, display). */
export function headerEntries(bytes: Uint8Array, part: HeaderRange): [string, string][] {
  const out: [string, string][] = [];
  for (const f of fieldsOf(bytes, part)) {
    if (f.name === "") continue;
    const colon = f.valueStart - 1;
    let nameEnd = colon;
    while (nameEnd > f.start && (bytes[nameEnd - 1] === 32 || bytes[nameEnd - 1] === 9)) nameEnd--;
    out.push([display(latin1(bytes, f.start, nameEnd)), display(fieldValue(bytes, f))]);
  }
  return out;
}

const CRLF = new Uint8Array([13, 10]);

/**
 * The lines of the fields named in `names` (any case), or with `not` of every other field, exactly
 * as stored and in header order, then an empty line (RFC 3501 6.4.5). A field that ends the
 * stored header without a line break gets CRLF so the result is still a header block.
 */
export function headerFields(bytes: Uint8Array, part: HeaderRange, names: readonly string[], o: { not?: boolean } = {}): Uint8Array {
  const wanted = new Set(names.map(asciiLower));
  const pieces: Uint8Array[] = [];
  let size = 0;
  for (const f of fieldsOf(bytes, part)) {
    // Lines with no colon are not fields: neither named nor "every other field".
    if (f.name === "" || wanted.has(f.name) === !!o.not) continue;
    const line = bytes.subarray(f.start, f.end);
    pieces.push(line);
    size += line.length;
    if (line[line.length - 1] !== 10) {
      pieces.push(CRLF);
      size += 2;
    }
  }
  const out = new Uint8Array(size + 2);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  out.set(CRLF, at);
  return out;
}
