/**
 * RFC 2047 encoded words (`=?charset?B|Q?text?=`) in header text, for SEARCH and display (IMAP
 * itself sends header values raw).
 *
 * - Whitespace between two adjacent encoded words is dropped (RFC 2047 6.2); the bytes of adjacent
 *   words in the same charset are decoded together, so a character split across two words (a
 *   common sender bug) comes out whole.
 * - A word whose charset is unknown is not treated as an encoded word: it stays as written, with
 *   the whitespace around it.
 * - Invalid base64 is decoded leniently; a Q `=` without two hex digits stays a literal `=`.
 * - Encoded words inside a run of other text are decoded too (RFC 2047 forbids them there, but
 *   mailers write them and every reader decodes them).
 * - The charset may carry an RFC 2231 language (`=?utf-8*en?Q?...?=`), which is ignored.
 *
 * @module
 */
import { decodeBase64String } from "./base64.ts";
import { charsetDecoder } from "./charset.ts";

const WORD = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/** `raw` with its encoded words decoded (and folding removed). Never throws. */
export function decodeWords(raw: string): string {
  const s = raw.replace(/\r?\n(?=[ \t])/g, "");
  if (!s.includes("=?")) return s;
  let out = "";
  let last = 0;
  // The current run of adjacent encoded words in one charset, not decoded yet.
  let runCharset: string | null = null;
  let runBytes: number[] = [];
  const flush = () => {
    if (runCharset !== null) out += charsetDecoder(runCharset)!(Uint8Array.from(runBytes));
    runCharset = null;
    runBytes = [];
  };
  for (const m of s.matchAll(WORD)) {
    const charset = m[1].toLowerCase().replace(/\*.*/, "");
    if (!charsetDecoder(charset)) continue;
    const between = s.slice(last, m.index);
    if (runCharset === null || !WHITESPACE_ONLY.test(between)) {
      flush();
      out += between;
    } else if (runCharset !== charset) {
      flush();
    }
    runCharset = charset;
    const bytes = m[2] === "b" || m[2] === "B" ? decodeBase64String(m[3]) : decodeQ(m[3]);
    for (const b of bytes) runBytes.push(b);
    last = m.index! + m[0].length;
  }
  flush();
  return out + s.slice(last);
}

const encoder = new TextEncoder();

/** RFC 2047 4.2 "Q": `_` is a space, `=XX` a byte. */
function decodeQ(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5f) out.push(0x20);
    else if (c === 0x3d && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x100) out.push(c);
    else for (const b of encoder.encode(text[i])) out.push(b);
  }
  return out;
}
