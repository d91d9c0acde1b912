/**
 * Bytes in a MIME charset to a string, through the runtime's TextDecoder (WHATWG Encoding labels).
 *
 * Measured on Node 20 (full ICU), Deno 2.9 and Bun 1.4: all three know the same WHATWG labels
 * (UTF-8, ISO-8859-x, windows-125x, KOI8, Shift_JIS, EUC-JP, ISO-2022-JP, EUC-KR, GBK, GB18030,
 * Big5, UTF-16, Mac) except that Node lacks iso-8859-16 and x-user-defined. Those two are refused
 * here on every runtime, so a message decodes the same wherever the server runs. WHATWG maps
 * us-ascii and iso-8859-1 to windows-1252, which is what mail in the wild needs; Node 20 decodes
 * windows-1252 as ISO-8859-1, so that one is decoded here. UTF-7 (RFC 2152,
 * still seen in old mail) is no WHATWG encoding: it is decoded here. A few non-WHATWG names that
 * mailers use (cp936, cp932, ks_c_5601, ...) are mapped to their WHATWG equivalent.
 *
 * @module
 */

/** Canonical encodings that not every runtime has (see above). */
const NOT_EVERYWHERE = new Set(["iso-8859-16", "x-user-defined"]);

/** Mailer spellings TextDecoder does not know, to a label it does. */
const ALIASES: Record<string, string> = {
  cp936: "gbk",
  ms936: "gbk",
  "windows-936": "gbk",
  cp932: "shift_jis",
  ms932: "shift_jis",
  "windows-932": "shift_jis",
  "shift-jis": "shift_jis",
  cp949: "euc-kr",
  "ks_c_5601": "euc-kr",
  "ks_c_5601-1989": "euc-kr",
  "windows-949": "euc-kr",
  cp950: "big5",
  "x-big5": "big5",
  "iso-8859-8i": "iso-8859-8-i",
  "utf-16-le": "utf-16le",
  "utf-16-be": "utf-16be",
  "latin-1": "iso-8859-1",
};

type Decode = (bytes: Uint8Array) => string;
const cache = new Map<string, Decode | null>();

/** The decoder for a charset label (case-insensitive, RFC 2231 `*language` suffix ignored), or null when unknown. */
export function charsetDecoder(label: string): Decode | null {
  let key = label.trim().toLowerCase();
  const star = key.indexOf("*");
  if (star >= 0) key = key.slice(0, star);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const d = makeDecoder(ALIASES[key] ?? key);
  // Labels come from mail: keep the cache from growing without bound on junk names.
  if (cache.size < 512) cache.set(key, d);
  return d;
}

function makeDecoder(label: string): Decode | null {
  if (label === "utf-7" || label === "unicode-1-1-utf-7" || label === "csunicode11utf7") return decodeUtf7;
  // A label with characters no encoding name has never reaches TextDecoder (it would throw anyway).
  if (label === "" || !/^[a-z0-9_.:\-]+$/.test(label)) return null;
  let td: TextDecoder;
  try {
    td = new TextDecoder(label);
  } catch {
    return null;
  }
  if (NOT_EVERYWHERE.has(td.encoding)) return null;
  if (td.encoding === "windows-1252") return decodeWindows1252;
  return (bytes) => td.decode(bytes);
}

/** windows-1252 at 0x80-0x9F (WHATWG index); every other byte is its own code point. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const utf16 = new TextDecoder("utf-16le");

/**
 * windows-1252, which WHATWG also uses for us-ascii and iso-8859-1. Node 20's TextDecoder decodes
 * these labels as plain ISO-8859-1 (0x80 gives U+0080, not the euro sign; measured), Deno and Bun
 * follow WHATWG: decoding here gives every runtime the WHATWG answer.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    units[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
  }
  // Uint16Array is little-endian on every platform these runtimes ship for.
  return utf16.decode(units);
}

/** `bytes` decoded from `label`, or null when the charset is unknown. Never throws. */
export function decodeCharset(bytes: Uint8Array, label: string): string | null {
  const d = charsetDecoder(label);
  return d ? d(bytes) : null;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** RFC 2152 UTF-7: `+` starts modified base64 of UTF-16BE, ended by `-` (consumed) or any other non-base64 byte. */
function decodeUtf7(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b !== 0x2b) {
      out += String.fromCharCode(b < 0x80 ? b : 0xfffd);
      i++;
      continue;
    }
    i++;
    if (bytes[i] === 0x2d) {
      out += "+";
      i++;
      continue;
    }
    let bits = 0;
    let nbits = 0;
    const units: number[] = [];
    while (i < bytes.length && bytes[i] < 128 && B64_VALUE[bytes[i]] >= 0) {
      bits = ((bits << 6) | B64_VALUE[bytes[i]]) & 0xffffff;
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        units.push((bits >> nbits) & 0xffff);
      }
      i++;
    }
    if (bytes[i] === 0x2d) i++;
    // Surrogate pairs are written as two units; an unpaired one becomes U+FFFD below.
    let run = "";
    // Chunked: a long run would exceed the engine's limit on call arguments.
    for (let k = 0; k < units.length; k += 8192) run += String.fromCharCode(...units.slice(k, k + 8192));
    out += run.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
  }
  return out;
}
