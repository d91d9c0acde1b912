/**
 * Bare CR and LF in message text (RFC 5321 §2.3.8: lines end with CRLF, and CR and LF appear
 * only together). A lone one is what SMTP smuggling (CVE-2023-51764 family) hides a second
 * message behind when a relay and the next hop disagree on where DATA ends.
 *
 * @module
 */
const CR = 13;
const LF = 10;

/** True when `bytes` holds a CR not followed by LF or an LF not preceded by CR. */
export function hasBareLineEnding(bytes: Uint8Array): boolean {
  let from = 0;
  for (;;) {
    const lf = bytes.indexOf(LF, from);
    const cr = bytes.indexOf(CR, from);
    // The first CR of this line is fine only as the half of its CRLF terminator.
    if (cr >= 0 && (lf < 0 || cr < lf - 1)) return true;
    if (lf < 0) return false;
    if (lf === 0 || cr !== lf - 1) return true;
    from = lf + 1;
  }
}

/** `bytes` with every lone CR and lone LF turned into CRLF (CRLF pairs untouched). */
export function normalizeLineEndings(bytes: Uint8Array): Uint8Array {
  let extra = 0;
  for (let k = 0; k < bytes.length; k++) {
    const c = bytes[k];
    if (c === CR && bytes[k + 1] !== LF) extra++;
    else if (c === LF && (k === 0 || bytes[k - 1] !== CR)) extra++;
  }
  if (extra === 0) return bytes;
  const out = new Uint8Array(bytes.length + extra);
  let o = 0;
  for (let k = 0; k < bytes.length; k++) {
    const c = bytes[k]!;
    if (c === CR && bytes[k + 1] !== LF) {
      out[o++] = CR;
      out[o++] = LF;
    } else if (c === LF && (k === 0 || bytes[k - 1] !== CR)) {
      out[o++] = CR;
      out[o++] = LF;
    } else {
      out[o++] = c;
    }
  }
  return out;
}
