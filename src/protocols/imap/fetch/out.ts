/**
 * A response under construction: ASCII text and byte views gathered as chunks and joined once at
 * the end, so message bytes (section data) are copied exactly once, into the final response.
 *
 * String rendering (RFC 9051 4.3): a string is sent quoted when it is plain printable text
 * (ASCII 0x20-0x7E and tab, 8-bit only when the client enabled UTF8=ACCEPT, RFC 9051 / RFC 6855)
 * without `"` or `\`; anything else goes as a literal: CR, LF, NUL, other controls, 8-bit text,
 * and — as Dovecot does — the two characters a quoted string would have to escape, since escapes
 * are where clients' quoted-string parsers go wrong and a literal needs none; and very long text.
 *
 * @module
 */

const enc = new TextEncoder();

/**
 * Longer strings are sent as literals even when they could be quoted, to keep response lines
 * within what clients are asked to accept (RFC 2683 3.2.1.5 as updated by RFC 7162: 8192 octets).
 * A long Subject of a few KB is still quoted, as Dovecot does.
 */
const MAX_QUOTED = 4096;

export class Out {
  #chunks: Uint8Array[] = [];
  #text = "";
  #size = 0;

  /** Appends ASCII text (atoms, numbers, punctuation). */
  text(s: string): this {
    this.#text += s;
    return this;
  }

  /** Appends raw bytes as they are (a view is kept, not copied). */
  bytes(b: Uint8Array): this {
    this.#flush();
    if (b.length) {
      this.#chunks.push(b);
      this.#size += b.length;
    }
    return this;
  }

  /** `{n}\r\n` + bytes, or `~{n}\r\n` + bytes for literal8 (RFC 3516). */
  literal(b: Uint8Array, binary = false): this {
    this.#text += `${binary ? "~" : ""}{${b.length}}\r\n`;
    return this.bytes(b);
  }

  /** A string, quoted when safe, else a literal. */
  string(s: string, utf8Accept = false): this {
    if (s.length <= MAX_QUOTED && quotable(s, utf8Accept)) return this.text(quote(s));
    return this.literal(enc.encode(s));
  }

  /** A string or NIL. */
  nstring(s: string | null | undefined, utf8Accept = false): this {
    return s == null ? this.text("NIL") : this.string(s, utf8Accept);
  }

  /** The response as one byte array. */
  finish(): Uint8Array {
    this.#flush();
    if (this.#chunks.length === 1) return this.#chunks[0];
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  #flush(): void {
    if (!this.#text) return;
    const b = enc.encode(this.#text);
    this.#text = "";
    this.#chunks.push(b);
    this.#size += b.length;
  }
}

/**
 * True when `s` is sent as a quoted string: TEXT-CHAR without CR/LF, without NUL or other controls
 * (some clients break on them even where the grammar allows), without `"` and `\`, 8-bit only
 * with UTF8=ACCEPT.
 */
export function quotable(s: string, utf8Accept = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) return false;
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 0x09) continue;
    if (c >= 0x80 && utf8Accept) {
      // A lone surrogate cannot be encoded as UTF-8 faithfully; let the literal path encode it.
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = s.charCodeAt(i + 1);
        if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return false;
        i++;
      }
      // C1 controls are not text either.
      if (c >= 0x80 && c < 0xa0) return false;
      continue;
    }
    return false;
  }
  return true;
}

/** `s` in double quotes with `"` and `\` escaped (for names in labels, which are never literals). */
export function quote(s: string): string {
  return `"${s.replace(/["\\]/g, "\\$&")}"`;
}

/** True when `s` can be sent as an atom (RFC 9051 ATOM-CHAR: no specials, no controls, no 8-bit). */
export function isAtom(s: string): boolean {
  return /^[!#$&'+-Z[^-z|}~]+$/.test(s);
}
