/**
 * A parsed SEARCH: the key tree and what evaluating it needs. Built once per command by parse.ts,
 * evaluated per message by match.ts.
 *
 * @module
 */
import type { SequenceSet } from "../sequence.ts";

/** One search key (RFC 9051 6.4.4 / RFC 3501 6.4.4, RFC 7162 MODSEQ, RFC 5032 OLDER/YOUNGER). */
export type SearchKey =
  | { k: "all" }
  /** A system flag or keyword present (`set`) or absent. */
  | { k: "flag"; flag: string; set: boolean }
  /** A message sequence set; `$` is resolved against the saved UIDs. */
  | { k: "seq"; set: SequenceSet }
  | { k: "uid"; set: SequenceSet }
  | { k: "size"; larger: boolean; n: number }
  /** BEFORE/ON/SINCE (internal date) and SENTBEFORE/SENTON/SENTSINCE (Date header); `day` counts days since 1970-01-01. */
  | { k: "date"; sent: boolean; op: "before" | "on" | "since"; day: number }
  /** OLDER / YOUNGER n seconds (RFC 5032 WITHIN). */
  | { k: "age"; older: boolean; seconds: number }
  | { k: "modseq"; n: number }
  /** FROM/TO/CC/BCC (addresses) and SUBJECT: matched on the decoded envelope. `needle` is folded. */
  | { k: "envelope"; field: "from" | "to" | "cc" | "bcc" | "subject"; needle: string }
  /** HEADER name string: any field of that name whose decoded value contains `needle` ("" = has the field). */
  | { k: "header"; name: string; needle: string }
  | { k: "body"; needle: string }
  | { k: "text"; needle: string }
  | { k: "not"; key: SearchKey }
  | { k: "or"; a: SearchKey; b: SearchKey }
  | { k: "and"; keys: SearchKey[] };

/** ESEARCH result options (RFC 4731, RFC 5182 SAVE, RFC 9051 6.4.4). */
export interface SearchReturns {
  min: boolean;
  max: boolean;
  all: boolean;
  count: boolean;
  save: boolean;
}

export interface SearchQuery {
  needsBody: boolean;
  needsSummary: boolean;
  /** ESEARCH result options, or null for a classic `* SEARCH` answer. */
  returns: SearchReturns | null;
  /** MODSEQ criterion used (CONDSTORE: add (MODSEQ n) to the result). */
  usesModseq: boolean;
  /** The criteria; a top-level list is one "and". */
  key: SearchKey;
}
