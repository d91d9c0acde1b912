/**
 * SEARCH arguments → {@link SearchQuery}: `[RETURN (…)] [CHARSET x] key…` (RFC 9051 6.4.4,
 * RFC 3501 6.4.4, RFC 4731 ESEARCH, RFC 5182 SEARCHRES, RFC 7162 MODSEQ, RFC 5032 WITHIN).
 * Every refusal says what was wrong, for the tagged BAD (or NO [BADCHARSET]).
 *
 * @module
 */
import { parseSequenceSet, type SequenceSet } from "../sequence.ts";
import type { ImapToken } from "../wire/types.ts";
import { parseSearchDate } from "./dates.ts";
import type { SearchKey, SearchQuery, SearchReturns } from "./query.ts";
import { fold } from "./text.ts";

export type SearchParse = { ok: true; query: SearchQuery } | { ok: false; code?: "BADCHARSET"; message: string };

/** Deepest nesting of NOT / OR / parentheses: evaluation recurses once per level. */
export const MAX_SEARCH_DEPTH = 64;

/** The charsets this server searches in (UTF-8, and its subset US-ASCII). */
export const SEARCH_CHARSETS = ["UTF-8", "US-ASCII"] as const;

class Bad extends Error {
  constructor(message: string, readonly code?: "BADCHARSET") {
    super(message);
  }
}
const bad = (message: string): never => {
  throw new Bad(message);
};

/** Flag keys: name → [flag, present]. */
const FLAG_KEYS: Record<string, [string, boolean]> = {
  ANSWERED: ["\\Answered", true],
  DELETED: ["\\Deleted", true],
  DRAFT: ["\\Draft", true],
  FLAGGED: ["\\Flagged", true],
  RECENT: ["\\Recent", true],
  SEEN: ["\\Seen", true],
  UNANSWERED: ["\\Answered", false],
  UNDELETED: ["\\Deleted", false],
  UNDRAFT: ["\\Draft", false],
  UNFLAGGED: ["\\Flagged", false],
  UNSEEN: ["\\Seen", false],
};
const DATE_KEYS: Record<string, [boolean, "before" | "on" | "since"]> = {
  BEFORE: [false, "before"],
  ON: [false, "on"],
  SINCE: [false, "since"],
  SENTBEFORE: [true, "before"],
  SENTON: [true, "on"],
  SENTSINCE: [true, "since"],
};
const ENVELOPE_KEYS: Record<string, "from" | "to" | "cc" | "bcc" | "subject"> = {
  FROM: "from",
  TO: "to",
  CC: "cc",
  BCC: "bcc",
  SUBJECT: "subject",
};

/**
 * `args` are the SEARCH arguments after the command name (optional RETURN (...) (ESEARCH,
 * RFC 4731/9051), optional CHARSET x, then keys). With `imap4rev2` (the client ENABLEd it) the
 * answer is always ESEARCH: no RETURN means RETURN (ALL) (RFC 9051 6.4.4).
 */
export function parseSearch(args: readonly ImapToken[], o: { uid: boolean; imap4rev2: boolean }): SearchParse {
  try {
    return { ok: true, query: new Parser(args).query(o.imap4rev2) };
  } catch (e) {
    if (e instanceof Bad) return e.code ? { ok: false, code: e.code, message: e.message } : { ok: false, message: e.message };
    throw e;
  }
}

class Parser {
  #i = 0;
  needsBody = false;
  needsSummary = false;
  usesModseq = false;

  constructor(readonly args: readonly ImapToken[]) {}

  query(imap4rev2: boolean): SearchQuery {
    let returns: SearchReturns | null = null;
    if (this.#isAtom("RETURN")) {
      this.#i++;
      returns = this.#returns();
    }
    if (this.#isAtom("CHARSET")) {
      this.#i++;
      const t = this.args[this.#i++];
      if (!t) bad("CHARSET needs a charset name");
      const name = this.#text(t, "CHARSET").toUpperCase();
      if (!(SEARCH_CHARSETS as readonly string[]).includes(name)) {
        throw new Bad(`charset ${printable(name)} is not supported; use UTF-8 or US-ASCII`, "BADCHARSET");
      }
    }
    if (this.#i >= this.args.length) bad("SEARCH needs at least one search key");
    const keys: SearchKey[] = [];
    while (this.#i < this.args.length) keys.push(this.#key(1));
    if (imap4rev2 && !returns) returns = { min: false, max: false, all: true, count: false, save: false };
    return {
      needsBody: this.needsBody,
      needsSummary: this.needsSummary,
      returns,
      usesModseq: this.usesModseq,
      key: keys.length === 1 ? keys[0] : and(keys),
    };
  }

  #isAtom(name: string): boolean {
    const t = this.args[this.#i];
    return t?.kind === "atom" && t.value.toUpperCase() === name;
  }

  /** `(MIN MAX ALL COUNT SAVE)`; an empty list means ALL (RFC 4731 3.1). */
  #returns(): SearchReturns {
    const t = this.args[this.#i++];
    if (!t || t.kind !== "list") return bad("RETURN needs a list of result options, e.g. RETURN (MIN COUNT)");
    const r: SearchReturns = { min: false, max: false, all: false, count: false, save: false };
    for (const o of t.items) {
      if (o.kind !== "atom") bad("RETURN options are atoms: MIN MAX ALL COUNT SAVE");
      const name = (o as { value: string }).value.toUpperCase();
      const k = name.toLowerCase() as keyof SearchReturns;
      if (!["min", "max", "all", "count", "save"].includes(k)) bad(`unknown RETURN option ${printable(name)}`);
      r[k] = true;
    }
    if (!t.items.length) r.all = true;
    return r;
  }

  #next(what: string): ImapToken {
    const t = this.args[this.#i++];
    if (!t) bad(`${what} needs an argument`);
    return t!;
  }

  #key(depth: number): SearchKey {
    if (depth > MAX_SEARCH_DEPTH) bad(`search criteria nested deeper than ${MAX_SEARCH_DEPTH} levels`);
    const t = this.args[this.#i++];
    if (t.kind === "list") {
      if (!t.items.length) bad("empty parenthesised search key");
      const sub = new Parser(t.items);
      const keys: SearchKey[] = [];
      while (sub.#i < t.items.length) keys.push(sub.#key(depth + 1));
      this.needsBody ||= sub.needsBody;
      this.needsSummary ||= sub.needsSummary;
      this.usesModseq ||= sub.usesModseq;
      return keys.length === 1 ? keys[0] : and(keys);
    }
    if (t.kind !== "atom" || t.section || t.partial !== undefined) bad("expected a search key");
    const raw = (t as { value: string }).value;
    const name = raw.toUpperCase();
    if (/^[0-9*$]/.test(raw)) return { k: "seq", set: this.#set(raw) };
    const flag = FLAG_KEYS[name];
    if (flag) return { k: "flag", flag: flag[0], set: flag[1] };
    const date = DATE_KEYS[name];
    if (date) {
      const d = this.#next(name);
      const text = d.kind === "atom" || (d.kind === "string" && !d.literal) ? this.#text(d, name) : "";
      const day = parseSearchDate(text);
      if (day === null) bad(`${name} needs a date like 1-Feb-2024`);
      if (date[0]) this.needsSummary = true;
      return { k: "date", sent: date[0], op: date[1], day: day! };
    }
    const env = ENVELOPE_KEYS[name];
    if (env) {
      this.needsSummary = true;
      return { k: "envelope", field: env, needle: fold(this.#text(this.#next(name), name)) };
    }
    switch (name) {
      case "ALL":
        return { k: "all" };
      case "NEW":
        // RECENT and UNSEEN (RFC 3501).
        return and([{ k: "flag", flag: "\\Recent", set: true }, { k: "flag", flag: "\\Seen", set: false }]);
      case "OLD":
        return { k: "flag", flag: "\\Recent", set: false };
      case "KEYWORD":
      case "UNKEYWORD": {
        const f = this.#next(name);
        if (f.kind !== "atom" || !/^[^\x00-\x20\x7f-\xff(){%*"\\\]]+$/.test(f.value)) bad(`${name} needs a flag keyword (an atom)`);
        return { k: "flag", flag: (f as { value: string }).value, set: name === "KEYWORD" };
      }
      case "LARGER":
      case "SMALLER":
        return { k: "size", larger: name === "LARGER", n: this.#number(name, false) };
      case "OLDER":
      case "YOUNGER":
        return { k: "age", older: name === "OLDER", seconds: this.#number(name, true) };
      case "UID": {
        const s = this.#next(name);
        if (s.kind !== "atom") bad("UID needs a sequence set of UIDs");
        return { k: "uid", set: this.#set((s as { value: string }).value) };
      }
      case "HEADER": {
        const field = this.#text(this.#next(name), name);
        if (!/^[\x21-\x39\x3b-\x7e]+$/.test(field)) bad(`bad header field name ${printable(field)}`);
        const needle = fold(this.#text(this.#next("HEADER field-name"), name));
        this.needsBody = true;
        this.needsSummary = true;
        return { k: "header", name: field.toLowerCase(), needle };
      }
      case "BODY":
      case "TEXT": {
        const needle = fold(this.#text(this.#next(name), name));
        this.needsBody = true;
        this.needsSummary = true;
        return { k: name === "BODY" ? "body" : "text", needle };
      }
      case "MODSEQ":
        return this.#modseq();
      case "NOT":
        if (this.#i >= this.args.length) bad("NOT needs a search key");
        return { k: "not", key: this.#key(depth + 1) };
      case "OR": {
        if (this.#i >= this.args.length) bad("OR needs two search keys");
        const a = this.#key(depth + 1);
        if (this.#i >= this.args.length) bad("OR needs two search keys");
        return { k: "or", a, b: this.#key(depth + 1) };
      }
      default:
        return bad(`unknown search key ${printable(raw)}`);
    }
  }

  #set(text: string): SequenceSet {
    const s = parseSequenceSet(text);
    if (!s) bad(`bad sequence set ${printable(text)}`);
    return s!;
  }

  /** A number (LARGER/SMALLER: number64) or nz-number (OLDER/YOUNGER), as an atom. */
  #number(what: string, nonZero: boolean): number {
    const t = this.#next(what);
    const ok = t.kind === "atom" && /^[0-9]{1,16}$/.test(t.value) && Number.isSafeInteger(Number(t.value)) && (!nonZero || Number(t.value) > 0);
    if (!ok) bad(`${what} needs a ${nonZero ? "positive " : ""}number`);
    return Number((t as { value: string }).value);
  }

  /** `MODSEQ ["/flags/<flag>" priv|shared|all] n` (RFC 7162 3.1.5); the entry is accepted and ignored: one modseq per message. */
  #modseq(): SearchKey {
    let t = this.#next("MODSEQ");
    if (t.kind === "string") {
      const entry = this.#text(t, "MODSEQ");
      if (!/^\/flags\/\\?[^\x00-\x20\x7f(){%*"\\\]]+$/i.test(entry)) bad(`MODSEQ entry name must be "/flags/<flag>", got ${printable(entry)}`);
      const type = this.#next("MODSEQ entry name");
      if (type.kind !== "atom" || !["PRIV", "SHARED", "ALL"].includes(type.value.toUpperCase())) bad("MODSEQ entry type must be priv, shared or all");
      t = this.#next("MODSEQ entry type");
    }
    if (t.kind !== "atom" || !/^[0-9]{1,16}$/.test(t.value) || !Number.isSafeInteger(Number(t.value))) bad("MODSEQ needs a mod-sequence number");
    this.usesModseq = true;
    return { k: "modseq", n: Number((t as { value: string }).value) };
  }

  /** An astring as text. Both charsets this server takes are read as UTF-8 (US-ASCII is a subset). */
  #text(t: ImapToken, what: string): string {
    let bytes: Uint8Array;
    if (t.kind === "string") bytes = t.value;
    else if (t.kind === "atom" && !t.section && t.partial === undefined) bytes = Uint8Array.from(t.value, (c) => c.charCodeAt(0) & 0xff);
    else return bad(`${what} needs a string`);
    try {
      return strictUtf8.decode(bytes);
    } catch {
      return bad(`${what}: the string is not valid UTF-8`);
    }
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function and(keys: SearchKey[]): SearchKey {
  return { k: "and", keys };
}

function printable(s: string): string {
  const t = s.length > 40 ? s.slice(0, 40) + "…" : s;
  return /^[\x20-\x7e]*$/.test(t) ? t : JSON.stringify(t);
}
