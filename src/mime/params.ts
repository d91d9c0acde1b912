/**
 * Content-Type and Content-Disposition values: `type/subtype; name=value; ...` (RFC 2045 5.1,
 * RFC 2183) on byte strings, lenient where mailers are sloppy:
 *
 * - comments `( ... )` anywhere between tokens are dropped, nested and with `\` escapes;
 * - quoted values may hold `;` and escaped quotes; an unterminated one runs to the end;
 * - unquoted values may hold tspecials (`boundary=----=_Part_1`, `name=a b.pdf`): a value runs
 *   to the next `;`, and a `(` starts a comment only after whitespace (`file(1).pdf` stays whole);
 * - a missing `;` before the first parameter (`text/plain charset=x`) is tolerated;
 * - a parameter without `=` is dropped.
 *
 * RFC 2231 decoding of the parameters is `rfc2231.ts`.
 *
 * @module
 */
import { asciiLower } from "./text.ts";

/** A parameter as written: name lower-cased (with any `*`/`*n*` suffix), value unquoted, still a byte string. */
export interface RawParam {
  name: string;
  value: string;
}

export interface ParamHeader {
  /** `type/subtype` (or the disposition type) lower-cased, whitespace and comments removed; "" when missing. */
  value: string;
  params: RawParam[];
}

const isWsp = (c: string) => c === " " || c === "\t" || c === "\r" || c === "\n";

/** Index after the comment that starts at `s[i] === "("`. */
function skipComment(s: string, i: number): number {
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") i++;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i + 1;
  }
  return s.length;
}

/** Index of the first char that is neither whitespace nor part of a comment. */
function skipCfws(s: string, i: number): number {
  while (i < s.length) {
    if (isWsp(s[i])) i++;
    else if (s[i] === "(") i = skipComment(s, i);
    else break;
  }
  return i;
}

/** The quoted string starting at `s[i] === '"'`: its content unescaped, and the index after it. */
export function readQuoted(s: string, i: number): [string, number] {
  let out = "";
  for (i++; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length) out += s[++i];
    else if (c === '"') return [out, i + 1];
    else out += c;
  }
  return [out, i];
}

/** A token: chars up to whitespace, a comment, `;`, `"` or any char in `stops`. */
function readToken(s: string, i: number, stops: string): [string, number] {
  const start = i;
  while (i < s.length) {
    const c = s[i];
    if (isWsp(c) || c === ";" || c === "(" || c === '"' || stops.includes(c)) break;
    i++;
  }
  return [s.slice(start, i), i];
}

/** Parses a Content-Type (`withSubtype`) or Content-Disposition value. */
export function parseParamHeader(s: string, withSubtype: boolean): ParamHeader {
  let i = skipCfws(s, 0);
  let [value, j] = readToken(s, i, withSubtype ? "/=" : "=");
  i = j;
  if (withSubtype) {
    i = skipCfws(s, i);
    if (s[i] === "/") {
      i = skipCfws(s, i + 1);
      const [sub, k] = readToken(s, i, "/=");
      value += "/" + sub;
      i = k;
    }
  }
  return { value: asciiLower(value), params: parseParams(s, i) };
}

function parseParams(s: string, i: number): RawParam[] {
  const params: RawParam[] = [];
  while (i < s.length) {
    i = skipCfws(s, i);
    if (s[i] === ";") {
      i++;
      continue;
    }
    if (i >= s.length) break;
    const [name, afterName] = readToken(s, i, "=");
    i = skipCfws(s, afterName);
    if (name === "" || s[i] !== "=") {
      // Junk or a name without a value: skip to the next parameter.
      // s[i] is not ";" here, so this always moves on.
      i = nextSemicolon(s, i);
      continue;
    }
    i++;
    while (i < s.length && isWsp(s[i])) i++;
    let value: string;
    if (s[i] === '"') {
      [value, i] = readQuoted(s, i);
      i = nextSemicolon(s, i);
    } else {
      const end = nextSemicolon(s, i);
      value = unquotedValue(s.slice(i, end));
      i = end;
    }
    params.push({ name: asciiLower(name), value });
  }
  return params;
}

/** Index of the next `;` outside quotes and comments, or the end. */
function nextSemicolon(s: string, i: number): number {
  while (i < s.length) {
    const c = s[i];
    if (c === ";") return i;
    if (c === '"') i = readQuoted(s, i)[1];
    else if (c === "(") i = skipComment(s, i);
    else i++;
  }
  return s.length;
}

/** An unquoted value up to its `;`: comments that follow whitespace dropped, then trimmed. */
function unquotedValue(raw: string): string {
  let out = "";
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === "(" && (i === 0 || isWsp(raw[i - 1]))) {
      i = skipComment(raw, i);
      continue;
    }
    out += raw[i++];
  }
  return out.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
}
