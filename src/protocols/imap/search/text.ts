/**
 * The text SEARCH compares: header values decoded (RFC 2047, folding removed), address lists as
 * `Name <mailbox@host>`, and the decoded text of a message's text parts (transfer encoding and
 * charset undone, HTML tags dropped). All comparisons are case-insensitive substring matches on
 * {@link fold}ed text (RFC 9051 6.4.4).
 *
 * @module
 */
import { decodeText, decodeWords, headerEntries, headerValues, type EnvelopeAddress, type MessageSummary, type MimePart } from "../../../mime/mod.ts";

/**
 * Case folding for comparison: NFC, then upper → lower so that both "ß" and "SS" become "ss",
 * "ǅ" and "Ǆ" meet, and so on (a close, cheap approximation of i;unicode-casemap, RFC 5051).
 */
export function fold(s: string): string {
  return s.normalize("NFC").toUpperCase().toLowerCase();
}

/** The header of a message: from its summary, or up to the first empty line when it has none. */
export function headerRange(body: Uint8Array, summary: MessageSummary | null): Pick<MimePart, "headerStart" | "bodyStart"> {
  return summary ? summary.part : { headerStart: 0, bodyStart: headerEnd(body) };
}

/** Decoded values (RFC 2047, unfolded) of every field named `name`. */
export function headerValuesDecoded(body: Uint8Array, summary: MessageSummary | null, name: string): string[] {
  return headerValues(body, headerRange(body, summary), name).map(decodeWords);
}

/** A header block as decoded `Name: value` lines (the header half of SEARCH TEXT). */
export function headerText(body: Uint8Array, range: Pick<MimePart, "headerStart" | "bodyStart">): string {
  return headerEntries(body, range)
    .map(([n, v]) => `${n}: ${decodeWords(v)}`)
    .join("\n");
}

/** Where the header ends in a message without a summary: after the first empty line. */
export function headerEnd(body: Uint8Array): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== 0x0a) continue;
    if (body[i + 1] === 0x0a) return i + 2;
    if (body[i + 1] === 0x0d && body[i + 2] === 0x0a) return i + 3;
  }
  return body.length;
}

/** An address list as people write it: `Name <mailbox@host>, group: a@b;`, names decoded. */
export function addressText(list: readonly EnvelopeAddress[] | null): string {
  if (!list) return "";
  const out: string[] = [];
  for (const a of list) {
    if (a.host === null) {
      // Group syntax: start (mailbox = group name) or end (all NIL).
      out.push(a.mailbox === null ? ";" : `${decodeWords(a.mailbox)}:`);
      continue;
    }
    // An address without a domain has host "" (mime/types.ts): just the local part.
    const addr = a.host ? `${a.mailbox ?? ""}@${a.host}` : a.mailbox ?? "";
    out.push(a.name ? `${decodeWords(a.name)} <${addr}>` : addr);
  }
  return out.join(", ");
}

/**
 * The searchable text of a body: every text/* leaf decoded (transfer encoding, then charset, by
 * src/mime), HTML with its tags dropped (people search for what they read, not for `<b>`), and
 * the header of each encapsulated message/rfc822 with its body.
 */
export function bodyText(body: Uint8Array, summary: MessageSummary | null): string {
  if (!summary) return utf8Lenient.decode(body.subarray(headerEnd(body)));
  const out: string[] = [];
  visit(body, summary.part, out);
  return out.join("\n");
}

const utf8Lenient = new TextDecoder("utf-8");

function visit(body: Uint8Array, p: MimePart, out: string[]): void {
  if (p.parts) {
    for (const c of p.parts) visit(body, c, out);
    return;
  }
  if (p.message) {
    out.push(headerText(body, p.message.part));
    visit(body, p.message.part, out);
    return;
  }
  if (p.type !== "text") return;
  const text = decodeText(body, p);
  out.push(p.subtype === "html" ? htmlText(text) : text);
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * HTML → text, roughly: scripts, styles and comments dropped, block tags turned into line breaks,
 * inline tags removed without a trace (so `Hel<b>lo</b>` is still "Hello"), common entities decoded.
 */
function htmlText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "\n")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<\/?(p|div|br|li|ul|ol|tr|td|th|table|h[1-6]|hr|blockquote|pre|section|article|header|footer)\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const cp = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}
