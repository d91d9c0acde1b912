/**
 * RFC 2231 parameter values: continuations (`name*0`, `name*1`, ...), charset and language
 * (`name*=utf-8'en'%C3%A9`, `name*0*=...`), then the result as text.
 *
 * - Sections are joined in numeric order; the first gap ends the value (RFC 2231 3: the sections
 *   are numbered from 0 without gaps). Percent-decoded bytes of consecutive `*n*` sections are
 *   decoded together, so a UTF-8 character split across two sections survives.
 * - An extended (`*`) value wins over a plain one of the same name (`filename=` as a fallback for
 *   old clients, `filename*=` as the real one), since it is what the sender meant.
 * - A name given twice keeps its first value: two different `filename`s are how attachments are
 *   disguised from one reader and shown to another.
 * - An unknown charset leaves the value as written (`x-foo''%E9`), as encoded words are left.
 *
 * @module
 */
import { decodeCharset } from "./charset.ts";
import type { RawParam } from "./params.ts";
import { display, latin1 } from "./text.ts";

interface Section {
  index: number;
  extended: boolean;
  value: string;
}

interface Group {
  name: string;
  plain: string | null;
  /** Sections by number, first occurrence of each number kept. */
  sections: Map<number, Section>;
}

const SECTIONED = /^(.+?)\*(\d{1,4})(\*?)$/;

/** Decoded parameters, names lower-case, in the order each name first appeared. */
export function decodeParams(raw: readonly RawParam[]): [string, string][] {
  const groups = new Map<string, Group>();
  const group = (name: string) => {
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { name, plain: null, sections: new Map() }));
    return g;
  };
  for (const p of raw) {
    const m = SECTIONED.exec(p.name);
    if (m) {
      const g = group(m[1]);
      const index = Number(m[2]);
      if (!g.sections.has(index)) g.sections.set(index, { index, extended: m[3] === "*", value: p.value });
    } else if (p.name.length > 1 && p.name.endsWith("*")) {
      const g = group(p.name.slice(0, -1));
      if (!g.sections.has(0)) g.sections.set(0, { index: 0, extended: true, value: p.value });
    } else {
      const g = group(p.name);
      if (g.plain === null) g.plain = p.value;
    }
  }
  const out: [string, string][] = [];
  // A Map iterates in insertion order, which is the order each name first appeared.
  for (const g of groups.values()) {
    if (g.sections.has(0)) out.push([g.name, joinSections(g.sections)]);
    else if (g.plain !== null) out.push([g.name, display(g.plain)]);
  }
  return out;
}

function joinSections(sections: Map<number, Section>): string {
  const first = sections.get(0)!;
  let charset = "";
  let v0 = first.value;
  if (first.extended) {
    // charset'language'value; a value missing the two quotes is taken as percent-encoded text.
    const q1 = v0.indexOf("'");
    const q2 = q1 < 0 ? -1 : v0.indexOf("'", q1 + 1);
    if (q2 >= 0) {
      charset = v0.slice(0, q1).trim();
      v0 = v0.slice(q2 + 1);
    }
  }
  const ordered: Section[] = [{ ...first, value: v0 }];
  for (let i = 1; sections.has(i); i++) ordered.push(sections.get(i)!);

  const asWritten = () => first.value + ordered.slice(1).map((s) => s.value).join("");
  let out = "";
  let pending: number[] = [];
  const flush = (): boolean => {
    if (pending.length === 0) return true;
    const bytes = Uint8Array.from(pending);
    pending = [];
    const text = charset === "" ? display(latin1(bytes)) : decodeCharset(bytes, charset);
    if (text === null) return false;
    out += text;
    return true;
  };
  for (const s of ordered) {
    if (!s.extended) {
      if (!flush()) return display(asWritten());
      out += display(s.value);
      continue;
    }
    percentDecode(s.value, pending);
  }
  if (!flush()) return display(asWritten());
  return out;
}

/** Appends the bytes of `%XX`-encoded byte string `s` to `out`; a `%` not followed by two hex digits is kept. */
function percentDecode(s: string, out: number[]): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(c & 0xff);
    }
  }
}
