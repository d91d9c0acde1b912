/**
 * SEARCH answers: the classic `* SEARCH 2 5 (MODSEQ n)` (RFC 3501, RFC 7162 3.1.5) or
 * `* ESEARCH (TAG "a1") UID MIN 2 MAX 9 COUNT 3 ALL 2,5,9 MODSEQ n` (RFC 4731, RFC 9051 7.3.4).
 *
 * @module
 */
import { Out } from "../fetch/out.ts";
import { formatSet } from "../sequence.ts";
import type { SearchQuery } from "./query.ts";

/** The mod-sequences a SEARCH that used MODSEQ may have to report. */
export interface SearchModseqs {
  /** The greatest modseq among all matches. */
  highestModseq?: number;
  /** The modseq of the first (lowest-numbered) match: the MIN message. */
  firstModseq?: number;
  /** The modseq of the last (highest-numbered) match: the MAX message. */
  lastModseq?: number;
}

/**
 * The untagged response(s) for the matched numbers (seqs, or UIDs for UID SEARCH), ascending.
 * When the query used MODSEQ, the modseq reported is the greatest among the matches, except for
 * RETURN with MIN and/or MAX but neither ALL nor COUNT: then only the messages returned count
 * (RFC 7162 3.1.5, RFC 4731 3.2), so the client does not skip changes to the others.
 * Empty when only SAVE was asked (RFC 5182 2.1: no ESEARCH then).
 */
export function renderSearch(q: SearchQuery, tag: string, matched: readonly number[], o: { uid: boolean } & SearchModseqs): Uint8Array {
  const modseq = q.usesModseq && matched.length ? reportedModseq(q, o) : null;
  const r = q.returns;
  if (!r) {
    let s = "* SEARCH";
    for (const n of matched) s += ` ${n}`;
    if (modseq !== null) s += ` (MODSEQ ${modseq})`;
    return new Out().text(s + "\r\n").finish();
  }
  if (r.save && !r.min && !r.max && !r.all && !r.count) return new Uint8Array(0);
  const out = new Out().text("* ESEARCH (TAG ").string(tag).text(")");
  if (o.uid) out.text(" UID");
  if (matched.length) {
    if (r.min) out.text(` MIN ${matched[0]}`);
    if (r.max) out.text(` MAX ${matched[matched.length - 1]}`);
  }
  if (r.count) out.text(` COUNT ${matched.length}`);
  if (r.all && matched.length) out.text(` ALL ${formatSet(matched)}`);
  if (modseq !== null) out.text(` MODSEQ ${modseq}`);
  return out.text("\r\n").finish();
}

/** The MODSEQ of a non-empty result, or null when the caller gave none to report. */
function reportedModseq(q: SearchQuery, o: SearchModseqs): number | null {
  const r = q.returns;
  if (r && (r.min || r.max) && !r.all && !r.count) {
    const first = r.min ? o.firstModseq : undefined;
    const last = r.max ? o.lastModseq : undefined;
    if (first !== undefined || last !== undefined) return Math.max(first ?? 0, last ?? 0);
  }
  return o.highestModseq ?? null;
}

/**
 * What RETURN (SAVE) keeps (RFC 5182 2.1): with MIN and/or MAX and neither ALL nor COUNT, only
 * those messages; otherwise every match. Returns null when the query does not save.
 */
export function savedResult(q: SearchQuery, matched: readonly number[]): number[] | null {
  const r = q.returns;
  if (!r?.save) return null;
  if ((r.min || r.max) && !r.all && !r.count) {
    if (!matched.length) return [];
    const out: number[] = [];
    if (r.min) out.push(matched[0]);
    if (r.max && (!r.min || matched.length > 1)) out.push(matched[matched.length - 1]);
    return out;
  }
  return [...matched];
}
