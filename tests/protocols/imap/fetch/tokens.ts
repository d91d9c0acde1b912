/**
 * Test helper: IMAP argument text → the token tree of src/protocols/imap/wire/types.ts, so tests
 * can say `toks('(FLAGS BODY.PEEK[HEADER.FIELDS (From)]<0.10>)')` instead of building objects.
 * Atoms, quoted strings, `{n}`-less literals written as `{lit:…}`, lists, `[section]` and `<partial>`.
 * Only for well-formed test input; it throws on anything else.
 */
import type { ImapToken } from "../../../../src/protocols/imap/wire/types.ts";

const enc = new TextEncoder();

export function toks(text: string): ImapToken[] {
  let i = 0;
  const list = (close: string | null): ImapToken[] => {
    const out: ImapToken[] = [];
    while (true) {
      while (text[i] === " ") i++;
      if (i >= text.length) {
        if (close) throw new Error(`toks: missing ${close} in ${text}`);
        return out;
      }
      if (close && text[i] === close) {
        i++;
        return out;
      }
      out.push(one());
    }
  };
  const one = (): ImapToken => {
    const c = text[i];
    if (c === "(") {
      i++;
      return { kind: "list", items: list(")") };
    }
    if (c === '"') {
      let s = "";
      i++;
      while (text[i] !== '"') {
        if (text[i] === "\\") i++;
        s += text[i++];
      }
      i++;
      return { kind: "string", value: enc.encode(s), literal: false };
    }
    if (text.startsWith("{lit:", i)) {
      const end = text.indexOf("}", i);
      const s = text.slice(i + 5, end);
      i = end + 1;
      return { kind: "string", value: enc.encode(s), literal: true };
    }
    let v = "";
    while (i < text.length && !" ()[]".includes(text[i])) v += text[i++];
    if (!v) throw new Error(`toks: unexpected ${text[i]} at ${i} in ${text}`);
    const t: ImapToken = { kind: "atom", value: v };
    if (text[i] === "[") {
      i++;
      t.section = list("]");
      if (text[i] === "<") {
        const end = text.indexOf(">", i);
        t.partial = text.slice(i + 1, end);
        i = end + 1;
      }
    }
    return t;
  };
  return list(null);
}

/** The one token of `text`. */
export function tok(text: string): ImapToken {
  const t = toks(text);
  if (t.length !== 1) throw new Error(`tok: ${t.length} tokens in ${text}`);
  return t[0];
}
