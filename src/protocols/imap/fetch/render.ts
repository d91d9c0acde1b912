/**
 * One `* n FETCH (...)` response from a plan and one message's data.
 *
 * Order: UID first whenever it is sent (clients that match responses by UID find it at once),
 * then the items in the order asked, then FLAGS when a flag change not asked for must be reported,
 * then MODSEQ when implied (CHANGEDSINCE). Section data always goes as a literal — it is message
 * text with line breaks, and a literal needs no escaping — including an empty or missing section
 * (`{0}`, as Dovecot answers).
 *
 * @module
 */
import { decodeBody, type MessageSummary, resolvePart, section } from "../../../mime/mod.ts";
import type { MessageMeta } from "../../../store/mail-api.ts";
import { formatInternalDate } from "./date.ts";
import { renderEnvelope } from "./envelope.ts";
import { Out } from "./out.ts";
import type { FetchItem, FetchPlan, Partial, Section } from "./plan.ts";
import { renderStructure } from "./structure.ts";

export interface FetchSource {
  seq: number;
  meta: MessageMeta;
  summary: MessageSummary | null;
  body: Uint8Array | null;
}

export interface RenderOptions {
  /** UID FETCH: UID is always sent. */
  uid: boolean;
  /**
   * The session enabled CONDSTORE. MODSEQ then goes with a flag change the client did not ask
   * to see (the implicit \Seen), as with every other flag change it learns of (RFC 7162 3.1.4).
   * A solicited FETCH carries MODSEQ only when asked or implied by CHANGEDSINCE, as in Dovecot.
   */
  condstore: boolean;
  /** UTF8=ACCEPT enabled: UTF-8 strings may be quoted. */
  utf8Accept?: boolean;
  /**
   * The flags to report instead of meta.flags (e.g. \Seen just set, \Recent added by the
   * session). When they differ from meta.flags, FLAGS is sent even if not asked (RFC 9051 6.4.5).
   */
  flags?: readonly string[];
  /** The modseq to report instead of meta.modseq (after the implicit \Seen). */
  modseq?: number;
}

export type FetchError = { error: "UNKNOWN-CTE"; message: string };

const enc = new TextEncoder();

/**
 * The bytes of one untagged `* n FETCH (...)` response line including literals and the final
 * CRLF. Returns { error } for BINARY on an unknown transfer encoding (tagged NO [UNKNOWN-CTE]).
 */
export function renderFetch(plan: FetchPlan, src: FetchSource, o: RenderOptions): Uint8Array | FetchError {
  const utf8Accept = o.utf8Accept ?? false;
  const flags = o.flags ?? src.meta.flags;
  const modseq = o.modseq ?? src.meta.modseq;
  const out = new Out().text(`* ${src.seq} FETCH (`);
  let first = true;
  const sep = () => {
    if (!first) out.text(" ");
    first = false;
  };
  const asked = (kind: FetchItem["kind"]) => plan.items.some((i) => i.kind === kind);

  if (o.uid || asked("uid")) {
    sep();
    out.text(`UID ${src.meta.uid}`);
  }
  for (const it of plan.items) {
    if (it.kind === "uid") continue;
    sep();
    const err = renderItem(out, it, src, flags, modseq, utf8Accept);
    if (err) return err;
  }
  const flagsChanged = o.flags !== undefined && !sameFlags(o.flags, src.meta.flags);
  if (flagsChanged && !asked("flags")) {
    sep();
    renderFlagList(out, flags);
  }
  if (!asked("modseq") && (plan.wantsModseq || (o.condstore && flagsChanged))) {
    sep();
    out.text(`MODSEQ (${modseq})`);
  }
  return out.text(")\r\n").finish();
}

function renderItem(out: Out, it: FetchItem, src: FetchSource, flags: readonly string[], modseq: number, utf8Accept: boolean): FetchError | null {
  switch (it.kind) {
    case "flags":
      renderFlagList(out, flags);
      return null;
    case "internaldate":
      out.text(`INTERNALDATE ${formatInternalDate(src.meta.internalDate)}`);
      return null;
    case "size":
      out.text(`RFC822.SIZE ${src.meta.size}`);
      return null;
    case "modseq":
      out.text(`MODSEQ (${modseq})`);
      return null;
    case "envelope":
      out.text("ENVELOPE ");
      renderEnvelope(out, need(src.summary, it.label).envelope, utf8Accept);
      return null;
    case "body":
    case "bodystructure":
      out.text(`${it.label} `);
      renderStructure(out, need(src.summary, it.label).part, it.kind === "bodystructure", utf8Accept);
      return null;
    case "section": {
      const body = need(src.body, it.label);
      const data = sectionBytes(body, src.summary, it.section) ?? EMPTY;
      out.text(`${it.label} `).literal(cut(data, it.partial));
      return null;
    }
    case "binary": {
      const data = binary(src, it.part, it.label);
      if (!(data instanceof Uint8Array)) return data;
      const part = cut(data, it.partial);
      out.text(`${it.label} `).literal(part, part.includes(0));
      return null;
    }
    case "binarySize": {
      if (!it.part.length) {
        out.text(`${it.label} ${src.meta.size}`);
        return null;
      }
      const data = binary(src, it.part, it.label);
      if (!(data instanceof Uint8Array)) return data;
      out.text(`${it.label} ${data.length}`);
      return null;
    }
    case "uid":
      return null;
  }
}

const EMPTY = new Uint8Array(0);

/** The decoded content of a part (BINARY[part]); BINARY[] is the message as stored. */
function binary(src: FetchSource, part: number[], label: string): Uint8Array | FetchError {
  const body = need(src.body, label);
  if (!part.length) return body;
  const p = resolvePart(need(src.summary, label).part, part);
  if (!p) return EMPTY;
  const decoded = decodeBody(body, p);
  if (!decoded) return { error: "UNKNOWN-CTE", message: `${label}: unknown Content-Transfer-Encoding ${p.encoding}` };
  return decoded;
}

/**
 * The bytes a section names (views into the message), or null when it names nothing (a missing
 * part, HEADER/TEXT under a part that is no message); BODY[] needs no summary.
 */
function sectionBytes(body: Uint8Array, summary: MessageSummary | null, s: Section): Uint8Array | null {
  if (!s.part.length && !s.text) return body;
  return section(body, need(summary, `BODY[${s.text}]`), { path: s.part, text: s.text || undefined, fields: s.fields });
}

/** `<start.length>` applied: the bytes from start, at most length of them; empty past the end. */
function cut(data: Uint8Array, p: Partial | null): Uint8Array {
  if (!p) return data;
  if (p.start >= data.length) return EMPTY;
  return data.subarray(p.start, Math.min(data.length, p.start + p.length));
}

function need<T>(v: T | null, what: string): T {
  if (v === null) throw new Error(`renderFetch: ${what} needs data the caller did not load (see FetchPlan.needsBody/needsSummary)`);
  return v;
}

function renderFlagList(out: Out, flags: readonly string[]): void {
  out.text(`FLAGS (${flags.join(" ")})`);
}

function sameFlags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(b.map((f) => f.toLowerCase()));
  return a.every((f) => s.has(f.toLowerCase()));
}

/**
 * A flags-only response, for unsolicited updates and STORE:
 * `* n FETCH (FLAGS (...) [UID u] [MODSEQ (m)])`.
 */
export function renderFlags(seq: number, flags: readonly string[], o: { uid?: number; modseq?: number }): Uint8Array {
  let s = `* ${seq} FETCH (FLAGS (${flags.join(" ")})`;
  if (o.uid !== undefined) s += ` UID ${o.uid}`;
  if (o.modseq !== undefined) s += ` MODSEQ (${o.modseq})`;
  return enc.encode(s + ")\r\n");
}
