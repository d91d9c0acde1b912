/**
 * Content-Transfer-Encoding decoding for BINARY (RFC 3516): base64 and quoted-printable decoded,
 * 7bit/8bit/binary passed through as they are, anything else unknown (the command answers
 * NO [UNKNOWN-CTE]).
 *
 * Local stand-in, written while src/mime's decodeBody was not there yet; the import in render.ts
 * is the one place to switch.
 *
 * @module
 */

/** The decoded bytes, or null for an encoding this server does not know. */
export function decodeBody(bytes: Uint8Array, encoding: string): Uint8Array | null {
  switch (encoding.toUpperCase()) {
    case "7BIT":
    case "8BIT":
    case "BINARY":
    case "":
      return bytes;
    case "BASE64":
      return base64(bytes);
    case "QUOTED-PRINTABLE":
      return quotedPrintable(bytes);
    default:
      return null;
  }
}

const B64 = new Int16Array(256).fill(-1);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach((c, i) => (B64[c.charCodeAt(0)] = i));

/** Lenient base64: characters outside the alphabet (line breaks, junk) are skipped, `=` ends the data. */
function base64(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.floor((b.length * 3) / 4) + 3);
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0x3d) break;
    const v = B64[c];
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

const hex = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1);

/** Quoted-printable (RFC 2045 6.7): `=XX`, soft line breaks `=` CRLF, trailing white space dropped; a bad `=` kept as is. */
function quotedPrintable(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  let n = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c === 0x3d) {
      // Soft line break: '=' then optional white space then CRLF or LF.
      let j = i + 1;
      while (j < b.length && (b[j] === 0x20 || b[j] === 0x09)) j++;
      if (j < b.length && b[j] === 0x0d && b[j + 1] === 0x0a) {
        i = j + 2;
        continue;
      }
      if (j < b.length && b[j] === 0x0a) {
        i = j + 1;
        continue;
      }
      if (j === b.length) break;
      const h = hex(b[i + 1] ?? 0);
      const l = hex(b[i + 2] ?? 0);
      if (h >= 0 && l >= 0) {
        out[n++] = (h << 4) | l;
        i += 3;
        continue;
      }
      out[n++] = c;
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x09) {
      // White space at the end of a line was added in transport (RFC 2045: delete it).
      let j = i;
      while (j < b.length && (b[j] === 0x20 || b[j] === 0x09)) j++;
      if (j === b.length || b[j] === 0x0d || b[j] === 0x0a) {
        i = j;
        continue;
      }
      while (i < j) out[n++] = b[i++];
      continue;
    }
    out[n++] = c;
    i++;
  }
  return out.subarray(0, n);
}
