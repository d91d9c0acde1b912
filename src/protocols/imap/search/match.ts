/**
 * Evaluates a search key against one message. Cheap keys run first within an AND (metadata, then
 * the summary, then the body), and the decoded header and body text are computed at most once per
 * message and only when a key reaches them, so `UNSEEN BODY x` decodes the bodies of unseen
 * messages only.
 *
 * @module
 */
import type { MessageSummary } from "../../../mime/types.ts";
import type { MessageMeta } from "../../../store/mail-api.ts";
import { inSet } from "../sequence.ts";
import { sentDay, utcDay } from "./dates.ts";
import type { SearchKey, SearchQuery } from "./query.ts";
import { decodeWords } from "../../../mime/mod.ts";
import { addressText, bodyText, fold, headerRange, headerText, headerValuesDecoded } from "./text.ts";

export interface SearchSource {
  seq: number;
  meta: MessageMeta;
  summary: MessageSummary | null;
  body: Uint8Array | null;
}

/** The context numbers a query needs: `*` for seq sets and UID sets, `$` (SEARCHRES saved set, as UIDs), the clock for OLDER/YOUNGER. */
export interface SearchContext {
  maxSeq: number;
  maxUid: number;
  /** The SEARCHRES saved UIDs, not changed while a SEARCH runs; null (nothing saved) makes `$` empty (RFC 5182 2.1). */
  saved: readonly number[] | null;
  now: Date;
}

/** Per-message lazily computed text. */
interface Lazy {
  /** Folded decoded values by lower-case field name. */
  headers: Map<string, string[]>;
  headerText?: string;
  text?: string;
  env: Map<string, string>;
}

export function matches(q: SearchQuery, src: SearchSource, ctx: SearchContext): boolean {
  return evaluate(q.key, src, ctx, { env: new Map(), headers: new Map() });
}

function evaluate(key: SearchKey, src: SearchSource, ctx: SearchContext, lazy: Lazy): boolean {
  switch (key.k) {
    case "all":
      return true;
    case "flag":
      return hasFlag(src.meta.flags, key.flag) === key.set;
    case "seq":
      return key.set.saved ? inSaved(src.meta.uid, ctx) : inSet(key.set, src.seq, ctx.maxSeq);
    case "uid":
      return key.set.saved ? inSaved(src.meta.uid, ctx) : inSet(key.set, src.meta.uid, ctx.maxUid);
    case "size":
      return key.larger ? src.meta.size > key.n : src.meta.size < key.n;
    case "modseq":
      return src.meta.modseq >= key.n;
    case "age": {
      // In whole seconds, like the interval: OLDER n is strictly older than n seconds, YOUNGER n
      // the rest (RFC 5032; Dovecot reads them as BEFORE / SINCE now - n, to the second). Clients
      // such as imapflow turn "before/since this instant" into OLDER/YOUNGER of the seconds since;
      // a message at that very instant then lands on the same side as with the exact time, even
      // when the command took some milliseconds to arrive.
      const age = Math.floor((ctx.now.getTime() - src.meta.internalDate.getTime()) / 1000);
      return key.older ? age > key.seconds : age <= key.seconds;
    }
    case "date": {
      const day = key.sent ? (sentDay(summary(src).envelope.date) ?? utcDay(src.meta.internalDate)) : utcDay(src.meta.internalDate);
      return key.op === "before" ? day < key.day : key.op === "on" ? day === key.day : day >= key.day;
    }
    case "envelope":
      return envelopeText(src, key.field, lazy).includes(key.needle);
    case "header": {
      const values = headerValuesOf(src, key.name, lazy);
      return key.needle === "" ? values.length > 0 : values.some((v) => v.includes(key.needle));
    }
    case "body":
      return text(src, lazy).includes(key.needle);
    case "text": {
      lazy.headerText ??= fold(headerText(body(src), headerRange(body(src), src.summary)));
      return lazy.headerText.includes(key.needle) || text(src, lazy).includes(key.needle);
    }
    case "not":
      return !evaluate(key.key, src, ctx, lazy);
    case "or":
      return evaluate(key.a, src, ctx, lazy) || evaluate(key.b, src, ctx, lazy);
    case "and":
      for (const k of byCost(key)) if (!evaluate(k, src, ctx, lazy)) return false;
      return true;
  }
}

function hasFlag(flags: readonly string[], flag: string): boolean {
  // System flags and keywords are case-insensitive (RFC 9051 2.3.2).
  const f = flag.toLowerCase();
  return flags.some((x) => x.toLowerCase() === f);
}

function inSaved(uid: number, ctx: SearchContext): boolean {
  if (!ctx.saved?.length) return false;
  // The saved list is the same for every message of one SEARCH: index it once.
  let set = savedSets.get(ctx.saved);
  if (!set) {
    set = new Set(ctx.saved);
    savedSets.set(ctx.saved, set);
  }
  return set.has(uid);
}

/** Saved lists (treated as immutable, as SearchContext says) → their members. */
const savedSets = new WeakMap<readonly number[], Set<number>>();

function summary(src: SearchSource): MessageSummary {
  if (!src.summary) throw new Error("matches: this query needs the MIME summary (SearchQuery.needsSummary)");
  return src.summary;
}

function body(src: SearchSource): Uint8Array {
  if (!src.body) throw new Error("matches: this query needs the message bytes (SearchQuery.needsBody)");
  return src.body;
}

function envelopeText(src: SearchSource, field: "from" | "to" | "cc" | "bcc" | "subject", lazy: Lazy): string {
  let t = lazy.env.get(field);
  if (t === undefined) {
    const e = summary(src).envelope;
    t = fold(field === "subject" ? decodeSubject(e.subject) : addressText(e[field]));
    lazy.env.set(field, t);
  }
  return t;
}

function decodeSubject(s: string | null): string {
  return s === null ? "" : decodeWords(s);
}

function headerValuesOf(src: SearchSource, name: string, lazy: Lazy): string[] {
  let v = lazy.headers.get(name);
  if (!v) {
    v = headerValuesDecoded(body(src), src.summary, name).map(fold);
    lazy.headers.set(name, v);
  }
  return v;
}

function text(src: SearchSource, lazy: Lazy): string {
  if (lazy.text === undefined) lazy.text = fold(bodyText(body(src), src.summary));
  return lazy.text;
}

/** 0: metadata only, 1: summary, 2: message bytes. */
function cost(k: SearchKey): number {
  switch (k.k) {
    case "date":
      return k.sent ? 1 : 0;
    case "envelope":
      return 1;
    case "header":
    case "body":
    case "text":
      return 2;
    case "not":
      return cost(k.key);
    case "or":
      return Math.max(cost(k.a), cost(k.b));
    case "and":
      return Math.max(0, ...k.keys.map(cost));
    default:
      return 0;
  }
}

const sorted = new WeakMap<SearchKey, SearchKey[]>();
function byCost(k: Extract<SearchKey, { k: "and" }>): SearchKey[] {
  let s = sorted.get(k);
  if (!s) {
    s = [...k.keys].sort((a, b) => cost(a) - cost(b));
    sorted.set(k, s);
  }
  return s;
}
