/**
 * What the IMAP command parser hands to command handlers: a tag, a command name and the arguments
 * as a token tree. The tree is syntax only; each command (and the FETCH/SEARCH libraries) gives the
 * tokens their meaning.
 *
 * @module
 */

/** One argument. */
export type ImapToken =
  /**
   * An atom as sent (case kept): NIL, flags like `\Seen`, sequence sets `1:*,5`, numbers, search
   * keys, `BODY.PEEK`, … When an atom is directly followed by `[` (FETCH `BODY[...]`, `BINARY[...]`,
   * `BODY.PEEK[...]`), the bracket content is parsed as tokens into `section` (e.g.
   * `HEADER.FIELDS (From To)` → [atom, list]) and a directly following `<a>` or `<a.b>` is kept raw
   * in `partial` (e.g. "0.1024"). A `[` never closed before the end of the argument leaves a plain atom.
   */
  | { kind: "atom"; value: string; section?: ImapToken[]; partial?: string }
  /** A quoted string or a literal: the bytes exactly (IMAP strings are 8-bit; decode as UTF-8 where text). */
  | { kind: "string"; value: Uint8Array; literal: boolean; /** `~{n}` (RFC 3516 literal8). */ binary?: boolean }
  /** A parenthesised list. */
  | { kind: "list"; items: ImapToken[] };

/** One complete command. */
export interface ImapCommand {
  tag: string;
  /** Upper-cased command name; for `UID FETCH` etc. the name is "FETCH" and `uid` is true. */
  name: string;
  uid: boolean;
  args: ImapToken[];
}
