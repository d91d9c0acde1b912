/**
 * Reading a command's arguments by shape: each command takes what it expects in order and ends
 * with `end()`, so a missing, extra or mistyped argument is one clear `BAD`.
 *
 * @module
 */
import { utf8Strictly } from "../../io/mod.ts";
import { bad } from "./response.ts";
import type { ImapToken } from "./wire/types.ts";

/** The argument list of one command, consumed front to back. */
export class Args {
  readonly #tokens: readonly ImapToken[];
  #pos = 0;
  readonly #command: string;

  constructor(tokens: readonly ImapToken[], command: string) {
    this.#tokens = tokens;
    this.#command = command;
  }

  /** Arguments not taken yet. */
  get left(): number {
    return this.#tokens.length - this.#pos;
  }

  /** The next token without taking it. */
  peek(): ImapToken | undefined {
    return this.#tokens[this.#pos];
  }

  /** All remaining tokens. */
  rest(): ImapToken[] {
    const r = this.#tokens.slice(this.#pos);
    this.#pos = this.#tokens.length;
    return r;
  }

  /** The next token, whatever it is. */
  any(what: string): ImapToken {
    const t = this.#tokens[this.#pos];
    if (!t) throw bad(`${this.#command}: missing ${what}`);
    this.#pos++;
    return t;
  }

  /** An atom (not a string or list). */
  atom(what: string): string {
    const t = this.any(what);
    if (t.kind !== "atom" || t.section) throw bad(`${this.#command}: ${what} must be an atom`);
    return t.value;
  }

  /** A number (RFC 9051 number64 range, non-negative). */
  number(what: string, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.atom(what);
    if (!/^\d{1,16}$/.test(v) || Number(v) > max) throw bad(`${this.#command}: ${what} must be a number`);
    return Number(v);
  }

  /** An astring (atom, quoted string or literal) as bytes. */
  astring(what: string): Uint8Array {
    const t = this.any(what);
    return astringBytes(t, () => bad(`${this.#command}: ${what} must be a string`));
  }

  /** An astring as UTF-8 text. */
  text(what: string): string {
    const b = this.astring(what);
    const s = utf8Strictly(b);
    if (s === null) throw bad(`${this.#command}: ${what} is not valid UTF-8`);
    return s;
  }

  /** A parenthesised list. */
  list(what: string): ImapToken[] {
    const t = this.any(what);
    if (t.kind !== "list") throw bad(`${this.#command}: ${what} must be a parenthesised list`);
    return t.items;
  }

  /** No argument may be left. */
  end(): void {
    if (this.#pos < this.#tokens.length) throw bad(`${this.#command}: unexpected extra arguments`);
  }
}

/** An atom's or string's bytes (atoms hold one char per byte); `err()` for a list or a section atom. */
export function astringBytes(t: ImapToken, err: () => Error): Uint8Array {
  if (t.kind === "string") return t.value;
  if (t.kind === "atom" && !t.section) {
    const b = new Uint8Array(t.value.length);
    for (let i = 0; i < b.length; i++) b[i] = t.value.charCodeAt(i);
    return b;
  }
  throw err();
}

/** True when the token is the atom `word` (ASCII case-insensitive). */
export function isAtom(t: ImapToken | undefined, word: string): boolean {
  return t?.kind === "atom" && !t.section && t.value.toUpperCase() === word;
}
