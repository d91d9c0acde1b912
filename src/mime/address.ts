/**
 * Address lists (RFC 5322 3.4, with the obsolete syntax of 4.4) as IMAP ENVELOPE addresses
 * (RFC 3501 7.4.2), leniently, on byte strings:
 *
 * - `Name <local@host>`, `local@host (Name)` (a comment stands in for a missing display name),
 *   `<@route1,@route2:local@host>` (adl `@route1,@route2`), groups `Name: a@b, c@d;` (a start
 *   marker with the group name as mailbox, then the members, then an all-NIL end marker);
 * - the display name is unquoted and unescaped but NOT decoded (encoded words stay), as IMAP wants;
 * - the local part is kept as written, quotes included, so `mailbox@host` is still an address;
 * - an address with no `@` (`bob`, `<>`) gets host "" — never NIL, which would mean a group;
 * - an unclosed quote, comment, `<` or group ends at the end of the value; empty list members are skipped.
 *
 * @module
 */
import type { EnvelopeAddress } from "./types.ts";
import { display } from "./text.ts";

type Token =
  | { kind: "word"; text: string }
  | { kind: "quoted"; text: string; raw: string }
  | { kind: "comment"; text: string }
  | { kind: "literal"; text: string }
  | { kind: "special"; text: "<" | ">" | "@" | "," | ";" | ":" };

const SPECIALS = "<>@,;:";

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      i++;
    } else if (c === '"') {
      const start = i;
      let text = "";
      for (i++; i < s.length && s[i] !== '"'; i++) {
        if (s[i] === "\\" && i + 1 < s.length) i++;
        text += s[i];
      }
      i = Math.min(i + 1, s.length);
      out.push({ kind: "quoted", text, raw: s.slice(start, i) });
    } else if (c === "(") {
      let depth = 0;
      let text = "";
      for (; i < s.length; i++) {
        const d = s[i];
        if (d === "\\" && i + 1 < s.length) {
          text += s[++i];
          continue;
        }
        if (d === "(" && depth++ === 0) continue;
        if (d === ")" && --depth === 0) break;
        text += d;
      }
      i++;
      out.push({ kind: "comment", text: text.trim() });
    } else if (c === "[") {
      const end = s.indexOf("]", i);
      const stop = end < 0 ? s.length : end + 1;
      out.push({ kind: "literal", text: s.slice(i, stop) });
      i = stop;
    } else if (SPECIALS.includes(c)) {
      out.push({ kind: "special", text: c as "<" });
      i++;
    } else {
      const start = i;
      while (i < s.length && !' \t\r\n"([<>@,;:'.includes(s[i])) i++;
      out.push({ kind: "word", text: s.slice(start, i) });
    }
  }
  return out;
}

const isSpecial = (t: Token | undefined, ch: string): boolean => t !== undefined && t.kind === "special" && t.text === ch;

/** Parses an address-list header value (a byte string). Empty list: []. */
export function parseAddressList(value: string): EnvelopeAddress[] {
  const p = new Parser(tokenize(value));
  return p.list();
}

class Parser {
  #t: Token[];
  #i = 0;
  #out: EnvelopeAddress[] = [];
  constructor(tokens: Token[]) {
    this.#t = tokens;
  }

  list(): EnvelopeAddress[] {
    while (this.#i < this.#t.length) {
      if (isSpecial(this.#t[this.#i], ",")) this.#i++;
      else this.#address(false);
    }
    return this.#out;
  }

  /** One address (or a group); stops before `,` (and before `;` inside a group). */
  #address(inGroup: boolean): void {
    const t = this.#t;
    const phrase: Token[] = [];
    const comments: string[] = [];
    while (this.#i < t.length) {
      const x = t[this.#i];
      if (x.kind === "special" && x.text !== ">") break;
      if (x.kind === "comment") comments.push(x.text);
      else if (x.kind !== "special") phrase.push(x);
      this.#i++;
    }
    const x = t[this.#i];
    if (isSpecial(x, "@") && phrase.length === 0) {
      // An obsolete route with no <> around it (`@a.b:c@d`): read it as if it had them.
      const spec = this.#spec(inGroup ? [",", ";", ">"] : [",", ">"]);
      this.#trailing(comments, inGroup);
      this.#out.push({ name: lastComment(comments), ...spec });
    } else if (isSpecial(x, "<")) {
      this.#i++;
      const angle = this.#spec([">"]);
      if (isSpecial(t[this.#i], ">")) this.#i++;
      this.#trailing(comments, inGroup);
      const name = phrase.length > 0 ? phraseText(phrase) : lastComment(comments);
      this.#out.push({ name, ...angle });
    } else if (isSpecial(x, ":") && !inGroup) {
      this.#i++;
      this.#out.push({ name: null, adl: null, mailbox: phraseText(phrase) ?? "", host: null });
      while (this.#i < t.length && !isSpecial(t[this.#i], ";")) {
        if (isSpecial(t[this.#i], ",") || isSpecial(t[this.#i], ":")) this.#i++;
        else this.#address(true);
      }
      if (this.#i < t.length) this.#i++;
      this.#out.push({ name: null, adl: null, mailbox: null, host: null });
    } else if (isSpecial(x, "@")) {
      this.#i++;
      const host = this.#domain(comments, [",", ";", "<", ":"]);
      this.#trailing(comments, inGroup);
      this.#out.push({ name: lastComment(comments), adl: null, mailbox: display(localText(phrase)), host: display(host) });
    } else {
      // No `@`: a bare local part (`bob`), or nothing at all. A stray special that does not end
      // this address (`;` outside a group, `:` inside one) is skipped, so the list always moves on.
      if (x && x.kind === "special" && x.text !== "," && !(inGroup && x.text === ";")) this.#i++;
      if (phrase.length > 0) this.#out.push({ name: lastComment(comments), adl: null, mailbox: display(localText(phrase)), host: "" });
    }
  }

  /** Optional route, local part, `@`, domain, up to one of `stops` (not consumed). */
  #spec(stops: string[]): Omit<EnvelopeAddress, "name"> {
    const t = this.#t;
    let adl: string | null = null;
    if (isSpecial(t[this.#i], "@")) {
      // obs-route: "@a,@b:" — kept as written, without whitespace.
      let route = "";
      while (this.#i < t.length && !isSpecial(t[this.#i], ":") && !stops.some((c) => isSpecial(t[this.#i], c))) {
        const x = t[this.#i++];
        if (x.kind !== "comment") route += x.kind === "quoted" ? x.raw : x.text;
      }
      if (isSpecial(t[this.#i], ":")) this.#i++;
      adl = display(route);
    }
    const local: Token[] = [];
    while (this.#i < t.length && !isSpecial(t[this.#i], "@") && !stops.some((c) => isSpecial(t[this.#i], c))) {
      const x = t[this.#i++];
      if (x.kind !== "comment" && x.kind !== "special") local.push(x);
    }
    let host = "";
    if (isSpecial(t[this.#i], "@")) {
      this.#i++;
      host = this.#domain([], stops);
    }
    return { adl, mailbox: display(localText(local)), host: display(host) };
  }

  /** Domain tokens up to one of `stops` (not consumed), joined without whitespace. */
  #domain(comments: string[], stops: string[]): string {
    const t = this.#t;
    let host = "";
    while (this.#i < t.length) {
      const x = t[this.#i];
      if (x.kind === "special" && stops.includes(x.text)) break;
      this.#i++;
      if (x.kind === "comment") comments.push(x.text);
      else if (x.kind === "quoted") host += x.raw;
      else if (x.kind !== "special" || x.text === "@") host += x.text;
    }
    return host;
  }

  /** Skips what follows an address up to its `,` (or `;` in a group), keeping comments. */
  #trailing(comments: string[], inGroup: boolean): void {
    const t = this.#t;
    while (this.#i < t.length) {
      const x = t[this.#i];
      if (isSpecial(x, ",") || (inGroup && isSpecial(x, ";"))) break;
      if (x.kind === "comment") comments.push(x.text);
      this.#i++;
    }
  }
}

/** A display name: words and unquoted strings joined by one space; null when empty. */
function phraseText(phrase: Token[]): string | null {
  const s = phrase.map((x) => x.text).join(" ");
  return s === "" ? null : display(s);
}

/** A local part as written: quoted strings keep their quotes; words separated by whitespace stay separated. */
function localText(local: Token[]): string {
  let s = "";
  for (const x of local) {
    const piece = x.kind === "quoted" ? x.raw : x.text;
    // "a" . "b" (obsolete spacing around dots) joins tight; other neighbours keep one space.
    if (s !== "" && !s.endsWith(".") && !piece.startsWith(".")) s += " ";
    s += piece;
  }
  return s;
}

function lastComment(comments: string[]): string | null {
  for (let i = comments.length - 1; i >= 0; i--) if (comments[i] !== "") return display(comments[i]);
  return null;
}
