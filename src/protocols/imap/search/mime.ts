/**
 * The MIME helpers SEARCH needs: RFC 2047 decoding of header values and a charset decoder.
 * Local stand-ins written while src/mime was not there yet; this file is the one place to switch.
 *
 * @module
 */
import { decodeBody } from "../fetch/cte.ts";

export { decodeBody };

const decoders = new Map<string, TextDecoder | null>();

/** Bytes in a charset → text; null when the runtime does not know the charset. */
export function decodeCharset(bytes: Uint8Array, label: string): string | null {
  const key = label.trim().toLowerCase();
  let d = decoders.get(key);
  if (d === undefined) {
    try {
      d = new TextDecoder(key || "us-ascii");
    } catch {
      d = null;
    }
    if (decoders.size < 256) decoders.set(key, d);
  }
  return d ? d.decode(bytes) : null;
}

const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;

/** Header text with RFC 2047 encoded words decoded; whitespace between adjacent words dropped. */
export function decodeWords(raw: string): string {
  if (!raw.includes("=?")) return raw;
  let out = "";
  let last = 0;
  let prevWordEnd = -1;
  for (const m of raw.matchAll(WORD)) {
    const between = raw.slice(last, m.index);
    const bytes = m[2].toUpperCase() === "B" ? decodeBody(latin1Bytes(m[3]), "BASE64")! : q(m[3]);
    const text = decodeCharset(bytes, m[1].replace(/\*.*/, ""));
    if (text === null) continue;
    if (!(prevWordEnd === last && /^[ \t\r\n]*$/.test(between))) out += between;
    out += text;
    last = m.index! + m[0].length;
    prevWordEnd = last;
  }
  return out + raw.slice(last);
}

function q(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "_") out.push(0x20);
    else if (c === "=" && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(s.charCodeAt(i) & 0xff);
  }
  return Uint8Array.from(out);
}

function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
}
