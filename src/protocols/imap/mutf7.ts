/**
 * Modified UTF-7 (RFC 3501 5.1.3): how IMAP4rev1 clients spell non-ASCII mailbox names.
 * Printable ASCII stands for itself, `&` is `&-`, anything else is UTF-16BE in base64 (with `,`
 * for `/`) between `&` and `-`. IMAP4rev2 and UTF8=ACCEPT sessions use UTF-8 instead.
 *
 * @module
 */

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** A Unicode name in modified UTF-7. */
export function encodeMutf7(name: string): string {
  let out = "";
  let run: number[] = []; // UTF-16 code units waiting to be encoded
  const flush = () => {
    if (run.length === 0) return;
    const bytes: number[] = [];
    for (const u of run) bytes.push(u >> 8, u & 0xff);
    let bits = 0, acc = 0, s = "&";
    for (const b of bytes) {
      acc = (acc << 8) | b;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        s += B64[(acc >> bits) & 0x3f];
      }
    }
    if (bits > 0) s += B64[(acc << (6 - bits)) & 0x3f];
    out += s + "-";
    run = [];
  };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      flush();
      out += c === 0x26 ? "&-" : name[i];
    } else {
      run.push(c);
    }
  }
  flush();
  return out;
}

/** A modified UTF-7 name to Unicode, or null when it is not valid modified UTF-7. */
export function decodeMutf7(text: string): string | null {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c > 0x7e) return null;
    if (ch !== "&") {
      out += ch;
      i++;
      continue;
    }
    const end = text.indexOf("-", i + 1);
    if (end < 0) return null;
    if (end === i + 1) {
      out += "&";
      i = end + 1;
      continue;
    }
    let bits = 0, acc = 0;
    const units: number[] = [];
    let pendingByte = -1;
    for (let k = i + 1; k < end; k++) {
      const v = B64_INDEX.get(text[k]!);
      if (v === undefined) return null;
      acc = ((acc << 6) | v) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        const byte = (acc >> bits) & 0xff;
        if (pendingByte < 0) pendingByte = byte;
        else {
          units.push((pendingByte << 8) | byte);
          pendingByte = -1;
        }
      }
    }
    // Leftover bits must be zero padding, and no half UTF-16 unit may remain.
    if (pendingByte >= 0 || bits >= 6 || (acc & ((1 << bits) - 1)) !== 0) return null;
    const s = String.fromCharCode(...units);
    // A shifted run must not encode what could be written directly (RFC 3501: "MUST NOT").
    if (units.some((u) => u >= 0x20 && u <= 0x7e)) return null;
    if (!wellFormed(s)) return null;
    out += s;
    i = end + 1;
  }
  return out;
}

function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}
