/**
 * The IMAP command parser: a pure, incremental function of bytes (RFC 9051 / RFC 3501 section 9).
 * A command arrives as lines separated by literals; the reader feeds each line with `line()`, and
 * the parser answers "complete command", "a literal of n bytes comes next" or "syntax error".
 * The literal's bytes are then handed over with `literal()` and the next line continues the
 * command. The parser never reads a stream itself, so limits on what the reader buffers stay with
 * the reader, and tests can feed any split.
 *
 * Tokens never span a line break except through a literal, so between lines the parser only keeps
 * the stack of open lists.
 *
 * @module
 */
import type { ImapCommand, ImapToken } from "./types.ts";

/** Structural limits, enforced while parsing. */
export interface ParserLimits {
  /** Deepest nesting of parenthesised lists (and bracketed sections). */
  maxDepth: number;
  /** Most tokens in one command, counting nested ones. */
  maxTokens: number;
}

export const DEFAULT_PARSER_LIMITS: Readonly<ParserLimits> = Object.freeze({ maxDepth: 32, maxTokens: 8192 });

/** What feeding a line produced. */
export type ParseStep =
  | { kind: "command"; command: ImapCommand }
  /** The line ended with a literal announcement: `size` bytes follow. */
  | { kind: "literal"; size: number; /** `{n}`: the client waits for a continuation. */ sync: boolean; /** `~{n}` literal8. */ binary: boolean }
  /** A syntax or limit error; `tag` when it was read (the answer is then tagged BAD). */
  | { kind: "error"; tag: string | null; message: string };

const SP = 0x20, LPAREN = 0x28, RPAREN = 0x29, DQUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d;
const LBRACKET = 0x5b, RBRACKET = 0x5d, LT = 0x3c, GT = 0x3e, TILDE = 0x7e, PLUS = 0x2b, MINUS = 0x2d, DOT = 0x2e;

const isCtl = (b: number) => b < 0x20 || b === 0x7f;
const isDigit = (b: number) => b >= 0x30 && b <= 0x39;

class SyntaxError_ extends Error {}
const fail = (message: string): never => {
  throw new SyntaxError_(message);
};

/** The bytes as a string, one char per byte (atoms are ASCII; 8-bit bytes survive unchanged). */
function latin1(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
  return s;
}

/**
 * Parses one command. Use once per command: `line()` for the first line, then alternately
 * `literal()` and `line()` while it answers "literal".
 */
export class CommandParser {
  readonly #limits: ParserLimits;
  #tag: string | null = null;
  #name: string | null = null;
  #uid = false;
  /** Open containers: [0] is the argument list, the rest are lists. */
  #stack: ImapToken[][] = [[]];
  #tokens = 0;
  #pendingLiteral: { binary: boolean } | null = null;
  #done = false;

  constructor(limits: ParserLimits = DEFAULT_PARSER_LIMITS) {
    this.#limits = limits;
  }

  /** The tag, once the first line's start has been read. */
  get tag(): string | null {
    return this.#tag;
  }

  /** The upper-cased command name (after `UID`), once read. */
  get name(): string | null {
    return this.#name;
  }

  /** How deep the list the next token goes into is (0 = a top-level argument). */
  get depth(): number {
    return this.#stack.length - 1;
  }

  /** How many top-level arguments are complete so far. */
  get argCount(): number {
    return this.#stack[0]!.length;
  }

  /** Feed the next line (without its CRLF). */
  line(bytes: Uint8Array): ParseStep {
    if (this.#done) throw new Error("CommandParser: command already complete");
    if (this.#pendingLiteral) throw new Error("CommandParser: a literal is owed before the next line");
    try {
      let pos = 0;
      if (this.#tag === null) pos = this.#head(bytes);
      return this.#args(bytes, pos);
    } catch (e) {
      if (!(e instanceof SyntaxError_)) throw e;
      this.#done = true;
      return { kind: "error", tag: this.#tag, message: e.message };
    }
  }

  /** Feed the bytes of the literal the last step announced. */
  literal(bytes: Uint8Array): void {
    const p = this.#pendingLiteral;
    if (!p) throw new Error("CommandParser: no literal was announced");
    this.#pendingLiteral = null;
    this.#stack[this.#stack.length - 1]!.push(p.binary ? { kind: "string", value: bytes, literal: true, binary: true } : { kind: "string", value: bytes, literal: true });
  }

  /** tag SP name [SP "UID" name]; returns where the arguments start. */
  #head(b: Uint8Array): number {
    let i = 0;
    while (i < b.length && b[i] !== SP) i++;
    if (i === 0) fail(b.length === 0 ? "empty command line" : "missing tag");
    for (let k = 0; k < i; k++) {
      const c = b[k]!;
      if (isCtl(c) || c > 0x7e || c === PLUS || c === LPAREN || c === RPAREN || c === LBRACE || c === DQUOTE || c === BACKSLASH || c === 0x25 || c === 0x2a) {
        fail("invalid character in tag");
      }
    }
    this.#tag = latin1(b, 0, i);
    if (i >= b.length) fail("missing command name");
    let pos = i + 1;
    const word = (): string => {
      const start = pos;
      while (pos < b.length && b[pos] !== SP) {
        const c = b[pos]!;
        if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || isDigit(c) || c === MINUS || c === 0x5f || c === DOT || c === 0x3d)) fail("invalid command name");
        pos++;
      }
      if (pos === start) fail("missing command name");
      return latin1(b, start, pos).toUpperCase();
    };
    let name = word();
    if (name === "UID") {
      if (pos >= b.length) fail("UID needs a command");
      pos++;
      this.#uid = true;
      name = word();
    }
    this.#name = name;
    if (pos < b.length) pos++; // the SP before the arguments
    return pos;
  }

  #push(t: ImapToken): void {
    if (++this.#tokens > this.#limits.maxTokens) fail(`too many arguments (at most ${this.#limits.maxTokens})`);
    this.#stack[this.#stack.length - 1]!.push(t);
  }

  #args(b: Uint8Array, pos: number): ParseStep {
    const n = b.length;
    while (pos < n) {
      const c = b[pos]!;
      if (c === SP) {
        pos++;
        continue;
      }
      if (c === LPAREN) {
        if (this.#stack.length > this.#limits.maxDepth) fail(`lists nested too deeply (at most ${this.#limits.maxDepth})`);
        const items: ImapToken[] = [];
        this.#push({ kind: "list", items });
        this.#stack.push(items);
        pos++;
        continue;
      }
      if (c === RPAREN) {
        if (this.#stack.length === 1) fail("unbalanced ')'");
        this.#stack.pop();
        pos++;
        continue;
      }
      if (c === DQUOTE) {
        const [value, next] = quoted(b, pos);
        this.#push({ kind: "string", value, literal: false });
        pos = next;
        continue;
      }
      if (c === LBRACE || (c === TILDE && b[pos + 1] === LBRACE)) {
        const binary = c === TILDE;
        const ann = literalAnnouncement(b, binary ? pos + 1 : pos);
        if (++this.#tokens > this.#limits.maxTokens) fail(`too many arguments (at most ${this.#limits.maxTokens})`);
        this.#pendingLiteral = { binary };
        return { kind: "literal", size: ann.size, sync: ann.sync, binary };
      }
      const [tok, next] = atom(b, pos, this.#limits.maxDepth - this.#stack.length + 1);
      this.#push(tok);
      pos = next;
    }
    if (this.#stack.length > 1) {
      // An unclosed list at the end of the line is only valid when a literal continues it, and
      // that case returned above.
      fail("unbalanced '('");
    }
    this.#done = true;
    return { kind: "command", command: { tag: this.#tag!, name: this.#name!, uid: this.#uid, args: this.#stack[0]! } };
  }
}

/** `"..."` from `pos` (at the opening quote); returns the unescaped bytes and the position after. */
function quoted(b: Uint8Array, pos: number): [Uint8Array, number] {
  const out: number[] = [];
  let i = pos + 1;
  for (;;) {
    if (i >= b.length) fail("unterminated quoted string");
    const c = b[i]!;
    if (c === DQUOTE) break;
    if (c === 0 || c === 0x0d || c === 0x0a) fail(c === 0 ? "NUL in quoted string" : "CR or LF in quoted string");
    if (c === BACKSLASH) {
      const d = b[i + 1];
      if (d !== DQUOTE && d !== BACKSLASH) fail("invalid escape in quoted string (only \\\\ and \\\" are allowed)");
      out.push(d);
      i += 2;
      continue;
    }
    out.push(c);
    i++;
  }
  return [Uint8Array.from(out), i + 1];
}

/** `{n}`, `{n+}` or `{n-}` at `pos` (the brace), which must end the line. */
function literalAnnouncement(b: Uint8Array, pos: number): { size: number; sync: boolean } {
  let i = pos + 1;
  const start = i;
  while (i < b.length && isDigit(b[i]!)) i++;
  const digitsEnd = i;
  let sync = true;
  if (b[i] === PLUS || b[i] === MINUS) {
    sync = false;
    i++;
  }
  if (digitsEnd === start || b[i] !== RBRACE) fail("invalid literal announcement");
  if (i + 1 !== b.length) fail("a literal announcement must end the line");
  // More than 15 digits cannot be a size anyone accepts; -1 tells the reader "too big" without
  // losing precision on absurd values like {99999999999999999999}.
  let size = 0;
  for (let k = start; k < digitsEnd; k++) {
    size = size * 10 + (b[k]! - 0x30);
    if (size > Number.MAX_SAFE_INTEGER) {
      size = -1;
      break;
    }
  }
  return { size, sync };
}

/**
 * An atom from `pos`. A `[` directly after atom characters opens a section (FETCH `BODY[...]`),
 * parsed as tokens, optionally followed by a `<partial>`; when that does not work out (no closing
 * `]`, or something other than a delimiter after it) the whole thing is a plain atom up to the
 * next delimiter, so names like `foo[bar` survive.
 */
function atom(b: Uint8Array, pos: number, depthLeft: number): [ImapToken, number] {
  const start = pos;
  let i = pos;
  while (i < b.length) {
    const c = b[i]!;
    if (c === SP || c === LPAREN || c === RPAREN) break;
    if (c === LBRACKET && i > start) {
      const sec = trySection(b, start, i, depthLeft);
      if (sec) return sec;
      return plainAtom(b, start);
    }
    checkAtomChar(c);
    i++;
  }
  return [{ kind: "atom", value: latin1(b, start, i) }, i];
}

function checkAtomChar(c: number): void {
  if (isCtl(c)) fail(c === 0 ? "NUL in command" : "control character in atom");
  if (c === DQUOTE || c === LBRACE) fail(`unexpected '${String.fromCharCode(c)}' in atom`);
}

function plainAtom(b: Uint8Array, start: number): [ImapToken, number] {
  let i = start;
  while (i < b.length && b[i] !== SP && b[i] !== LPAREN && b[i] !== RPAREN) {
    checkAtomChar(b[i]!);
    i++;
  }
  return [{ kind: "atom", value: latin1(b, start, i) }, i];
}

const isDelimiter = (b: Uint8Array, i: number) => i >= b.length || b[i] === SP || b[i] === RPAREN;

/** `name[section]<partial>` with `[` at `open`; null when it is not one. */
function trySection(b: Uint8Array, start: number, open: number, depthLeft: number): [ImapToken, number] | null {
  const section: ImapToken[] = [];
  const stack: ImapToken[][] = [section];
  let i = open + 1;
  for (;;) {
    if (i >= b.length) return null;
    const c = b[i]!;
    if (c === SP) {
      i++;
      continue;
    }
    if (c === RBRACKET) {
      if (stack.length !== 1) return null;
      i++;
      break;
    }
    if (c === LPAREN) {
      if (stack.length >= depthLeft) fail("lists nested too deeply");
      const items: ImapToken[] = [];
      stack[stack.length - 1]!.push({ kind: "list", items });
      stack.push(items);
      i++;
      continue;
    }
    if (c === RPAREN) {
      if (stack.length === 1) return null;
      stack.pop();
      i++;
      continue;
    }
    if (c === DQUOTE) {
      const [value, next] = quoted(b, i);
      stack[stack.length - 1]!.push({ kind: "string", value, literal: false });
      i = next;
      continue;
    }
    const s = i;
    while (i < b.length && b[i] !== SP && b[i] !== LPAREN && b[i] !== RPAREN && b[i] !== RBRACKET && b[i] !== LBRACKET) {
      if (isCtl(b[i]!) || b[i] === DQUOTE || b[i] === LBRACE) return null;
      i++;
    }
    if (i === s) return null; // a nested '['
    stack[stack.length - 1]!.push({ kind: "atom", value: latin1(b, s, i) });
  }
  let partial: string | undefined;
  if (b[i] === LT) {
    const ps = i + 1;
    let k = ps;
    while (k < b.length && (isDigit(b[k]!) || b[k] === DOT)) k++;
    if (b[k] !== GT || k === ps) return null;
    partial = latin1(b, ps, k);
    i = k + 1;
  }
  if (!isDelimiter(b, i)) return null;
  const value = latin1(b, start, open);
  for (let k = start; k < open; k++) checkAtomChar(b[k]!);
  const tok: ImapToken = partial === undefined ? { kind: "atom", value, section } : { kind: "atom", value, section, partial };
  return [tok, i];
}
