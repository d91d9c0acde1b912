/**
 * FETCH arguments → {@link FetchPlan}: the macro or data items (RFC 9051 6.4.5, RFC 3501 6.4.5,
 * RFC 3516 BINARY, RFC 7162 MODSEQ) and the modifiers (RFC 7162 CHANGEDSINCE, VANISHED). Every
 * refusal says what was wrong, for the tagged BAD.
 *
 * @module
 */
import type { ImapToken } from "../wire/types.ts";
import { isAtom, quotable, quote } from "./out.ts";
import type { FetchItem, FetchPlan, Partial, Section } from "./plan.ts";

export type FetchParse = { ok: true; plan: FetchPlan } | { ok: false; message: string };

class Bad extends Error {}
const bad = (message: string): never => {
  throw new Bad(message);
};

const MAX_NUMBER = 4294967295;

/** The macros (RFC 9051 6.4.5); valid only alone, never inside a list. */
const MACROS: Record<string, string[]> = {
  ALL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"],
  FAST: ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
  FULL: ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"],
};

/** Plain items (no section) → kind. */
const SIMPLE: Record<string, FetchItem["kind"]> = {
  FLAGS: "flags",
  UID: "uid",
  INTERNALDATE: "internaldate",
  "RFC822.SIZE": "size",
  ENVELOPE: "envelope",
  BODY: "body",
  BODYSTRUCTURE: "bodystructure",
  MODSEQ: "modseq",
};

/**
 * `att` is the fetch argument (macro atom ALL/FAST/FULL, one fetch-att, or a list); `modifiers`
 * the optional list after it, e.g. (CHANGEDSINCE 5 VANISHED).
 */
export function parseFetch(att: ImapToken, modifiers?: ImapToken, o?: { uid: boolean; qresync: boolean }): FetchParse {
  try {
    return { ok: true, plan: plan(att, modifiers, o ?? { uid: false, qresync: false }) };
  } catch (e) {
    if (e instanceof Bad) return { ok: false, message: e.message };
    throw e;
  }
}

function plan(att: ImapToken, modifiers: ImapToken | undefined, o: { uid: boolean; qresync: boolean }): FetchPlan {
  const items: FetchItem[] = [];
  if (att.kind === "atom" && !att.section && MACROS[att.value.toUpperCase()]) {
    for (const name of MACROS[att.value.toUpperCase()]) items.push(item({ kind: "atom", value: name }));
  } else if (att.kind === "list") {
    if (!att.items.length) bad("empty list of fetch items");
    for (const t of att.items) {
      if (t.kind === "atom" && !t.section && MACROS[t.value.toUpperCase()]) bad(`macro ${t.value.toUpperCase()} cannot be inside a list`);
      items.push(item(t));
    }
  } else items.push(item(att));

  const p: FetchPlan = { needsBody: false, needsSummary: false, setsSeen: false, vanished: false, wantsModseq: false, items: [] };
  const seen = new Set<string>();
  for (const it of items) {
    if (it.kind === "section" || it.kind === "binary") {
      p.needsBody = true;
      if (!it.peek) p.setsSeen = true;
    }
    if (it.kind === "section" && (it.section.part.length || it.section.text)) p.needsSummary = true;
    if (it.kind === "binary" && it.part.length) p.needsSummary = true;
    // BINARY.SIZE[] is the message size; a part's decoded size needs its bytes.
    if (it.kind === "binarySize" && it.part.length) p.needsBody = p.needsSummary = true;
    if (it.kind === "envelope" || it.kind === "body" || it.kind === "bodystructure") p.needsSummary = true;
    if (it.kind === "modseq") p.wantsModseq = true;
    // Same response name twice (FLAGS FLAGS, BODY[] BODY.PEEK[]): one answer.
    if (seen.has(it.label)) continue;
    seen.add(it.label);
    p.items.push(it);
  }
  if (modifiers) parseModifiers(modifiers, p, o);
  return p;
}

function item(t: ImapToken): FetchItem {
  if (t.kind !== "atom") bad("expected a fetch item name");
  const a = t as Extract<ImapToken, { kind: "atom" }>;
  const name = a.value.toUpperCase();
  if (a.section === undefined) {
    if (a.partial !== undefined) bad(`${name}: a partial <…> needs a [section]`);
    const kind = SIMPLE[name];
    if (kind) return { kind, label: name } as FetchItem;
    if (name === "RFC822") return { kind: "section", label: "RFC822", section: { part: [], text: "" }, partial: null, peek: false };
    if (name === "RFC822.HEADER") return { kind: "section", label: "RFC822.HEADER", section: { part: [], text: "HEADER" }, partial: null, peek: true };
    if (name === "RFC822.TEXT") return { kind: "section", label: "RFC822.TEXT", section: { part: [], text: "TEXT" }, partial: null, peek: false };
    if (name === "BINARY" || name === "BINARY.PEEK" || name === "BINARY.SIZE" || name === "BODY.PEEK") bad(`${name} needs a [section]`);
    return bad(`unknown fetch item ${printable(a.value)}`);
  }
  const partial = a.partial === undefined ? null : parsePartial(a.partial);
  if (name === "BODY" || name === "BODY.PEEK") {
    const section = parseSection(a.section);
    return { kind: "section", label: `BODY[${sectionLabel(section)}]${partialLabel(partial)}`, section, partial, peek: name === "BODY.PEEK" };
  }
  if (name === "BINARY" || name === "BINARY.PEEK" || name === "BINARY.SIZE") {
    const part = parseBinaryPart(a.section);
    if (name === "BINARY.SIZE") {
      if (partial) bad("BINARY.SIZE takes no partial <…>");
      return { kind: "binarySize", label: `BINARY.SIZE[${part.join(".")}]`, part };
    }
    return { kind: "binary", label: `BINARY[${part.join(".")}]${partialLabel(partial)}`, part, partial, peek: name === "BINARY.PEEK" };
  }
  return bad(`${printable(a.value)} takes no [section]`);
}

/** `<origin.length>` as the parser kept it ("0.1024"). */
function parsePartial(raw: string): Partial {
  const m = /^(0|[1-9][0-9]*)\.([1-9][0-9]*)$/.exec(raw);
  if (!m) bad(`bad partial <${printable(raw)}>: expected <origin.length>, length at least 1`);
  const start = Number(m![1]);
  const length = Number(m![2]);
  if (start > MAX_NUMBER || length > MAX_NUMBER) bad(`partial <${raw}> out of range`);
  return { start, length };
}

/** Part numbers `1.2.3` (each an nz-number). */
function parsePartNumbers(parts: string[], what: string): number[] {
  return parts.map((s) => {
    if (!/^[1-9][0-9]*$/.test(s) || Number(s) > MAX_NUMBER) bad(`bad part number ${printable(s)} in ${printable(what)}`);
    return Number(s);
  });
}

function parseSection(tokens: ImapToken[]): Section {
  if (!tokens.length) return { part: [], text: "" };
  const first = tokens[0];
  if (first.kind !== "atom" || first.section) bad("bad section: expected a part number or HEADER, TEXT, MIME, HEADER.FIELDS");
  const spec = (first as { value: string }).value;
  const pieces = spec.split(".");
  let k = 0;
  while (k < pieces.length && /^[0-9]/.test(pieces[k])) k++;
  const part = parsePartNumbers(pieces.slice(0, k), spec);
  const text = pieces.slice(k).join(".").toUpperCase();
  if (k > 0 && k < pieces.length && text === "") bad(`bad section ${printable(spec)}`);
  switch (text) {
    case "":
    case "HEADER":
    case "TEXT":
      if (tokens.length > 1) bad(`section ${printable(spec)} takes no further arguments`);
      return { part, text };
    case "MIME":
      if (!part.length) bad("MIME needs a part number (e.g. 1.MIME)");
      if (tokens.length > 1) bad(`section ${printable(spec)} takes no further arguments`);
      return { part, text };
    case "HEADER.FIELDS":
    case "HEADER.FIELDS.NOT": {
      const list = tokens[1];
      if (tokens.length !== 2 || list.kind !== "list" || !list.items.length) bad(`${text} needs one list of header field names`);
      const fields = (list as { items: ImapToken[] }).items.map(fieldName);
      return { part, text, fields };
    }
    default:
      return bad(`bad section text ${printable(spec)}`);
  }
}

/** A header-fld-name (astring): printable ASCII without `:` or space (RFC 5322 ftext). */
function fieldName(t: ImapToken): string {
  let s: string;
  if (t.kind === "atom" && !t.section && t.partial === undefined) s = t.value;
  else if (t.kind === "string") {
    // No header field name is this long (RFC 5322 2.1.1 keeps whole lines under 998 octets).
    if (t.value.length > 998) bad("header field name too long");
    s = String.fromCharCode(...t.value);
  }
  else return bad("header field names must be atoms or strings");
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(s)) bad(`bad header field name ${printable(s)}`);
  return s;
}

function parseBinaryPart(tokens: ImapToken[]): number[] {
  if (!tokens.length) return [];
  const t = tokens[0];
  if (tokens.length > 1 || t.kind !== "atom" || t.section || !/^[0-9.]+$/.test(t.value)) bad("BINARY takes only part numbers, e.g. BINARY[1.2]");
  return parsePartNumbers((t as { value: string }).value.split("."), (t as { value: string }).value);
}

/** The section as the response names it: text upper-cased, field names upper-cased, atoms or quoted. */
export function sectionLabel(s: Section): string {
  let label = s.part.join(".");
  if (s.text) label += (label ? "." : "") + s.text;
  if (s.fields) label += ` (${s.fields.map((f) => (isAtom(f.toUpperCase()) ? f.toUpperCase() : quote(f.toUpperCase()))).join(" ")})`;
  return label;
}

/** `<origin>`: a partial's response names only where it starts (RFC 9051 7.5.2). */
function partialLabel(p: Partial | null): string {
  return p ? `<${p.start}>` : "";
}

function parseModifiers(t: ImapToken, p: FetchPlan, o: { uid: boolean; qresync: boolean }): void {
  if (t.kind !== "list" || !t.items.length) bad("fetch modifiers must be a non-empty list, e.g. (CHANGEDSINCE 5)");
  const list = (t as { items: ImapToken[] }).items;
  for (let i = 0; i < list.length; i++) {
    const m = list[i];
    if (m.kind !== "atom" || m.section) bad("expected a fetch modifier name");
    const name = (m as { value: string }).value.toUpperCase();
    if (name === "CHANGEDSINCE") {
      if (p.changedSince !== undefined) bad("CHANGEDSINCE given twice");
      const v = list[++i];
      // mod-sequence-value; 0 (mod-sequence-valzer) is taken as "every message".
      if (!v || v.kind !== "atom" || !/^[0-9]{1,16}$/.test(v.value) || !Number.isSafeInteger(Number(v.value))) {
        bad("CHANGEDSINCE needs a mod-sequence number");
      }
      p.changedSince = Number((v as { value: string }).value);
      p.wantsModseq = true;
    } else if (name === "VANISHED") {
      if (p.vanished) bad("VANISHED given twice");
      p.vanished = true;
    } else bad(`unknown fetch modifier ${printable(name)}`);
  }
  // RFC 7162 3.2.6: VANISHED only in UID FETCH, with CHANGEDSINCE, after ENABLE QRESYNC.
  if (p.vanished) {
    if (!o.uid) bad("VANISHED is allowed only in UID FETCH");
    if (!o.qresync) bad("VANISHED needs ENABLE QRESYNC first");
    if (p.changedSince === undefined) bad("VANISHED needs CHANGEDSINCE");
  }
}

/** A client value for an error message: printable, short. */
function printable(s: string): string {
  const t = s.length > 40 ? s.slice(0, 40) + "…" : s;
  return quotable(t) ? t : JSON.stringify(t);
}
