/** Three messages with hand-checked summaries for the SEARCH tests, and a runner over them. */
import assert from "node:assert/strict";
import { matches, parseSearch, type SearchContext, type SearchQuery } from "../../../../src/protocols/imap/search/mod.ts";
import { message, NO_ENVELOPE } from "../fetch/build.ts";
import { toks } from "../fetch/tokens.ts";

const b64 = (s: string) => btoa(s).replace(/(.{20})/g, "$1\r\n") + "\r\n";

/** 1: QP latin-1 text, encoded-word From and Subject, Date in -0800 (UTC: the next day). */
const m1 = message(
  {
    header: "From: =?utf-8?q?J=C3=BCrgen?= <juergen@example.de>\r\n" +
      "To: Alice <alice@example.com>, bob@example.org\r\n" +
      "Cc: carol@example.net\r\nBcc: dave@example.net\r\n" +
      "Subject: =?iso-8859-1?q?Gr=FC=DFe?= aus\r\n Berlin\r\n" +
      "Date: Tue, 5 Mar 2024 23:30:00 -0800\r\n" +
      "X-Mailer: Wren 1.0\r\n" +
      "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
    leaf: "Sch=F6ne Stra=DFe\r\nsecond line\r\n",
    part: { params: [["charset", "iso-8859-1"]], encoding: "QUOTED-PRINTABLE" },
  },
  {
    ...NO_ENVELOPE,
    date: "Tue, 5 Mar 2024 23:30:00 -0800",
    subject: "=?iso-8859-1?q?Gr=FC=DFe?= aus Berlin",
    from: [{ name: "=?utf-8?q?J=C3=BCrgen?=", adl: null, mailbox: "juergen", host: "example.de" }],
    to: [{ name: "Alice", adl: null, mailbox: "alice", host: "example.com" }, { name: null, adl: null, mailbox: "bob", host: "example.org" }],
    cc: [{ name: null, adl: null, mailbox: "carol", host: "example.net" }],
    bcc: [{ name: null, adl: null, mailbox: "dave", host: "example.net" }],
  },
  { uid: 10, flags: ["\\Seen", "\\Answered", "$Work"], internalDate: new Date("2024-03-05T23:59:59Z"), size: 100, modseq: 5 },
);

/** 2: multipart/alternative, HTML in base64; no Date header. */
const m2 = message(
  {
    header: "From: bob@example.org\r\nSubject: Meeting notes\r\nContent-Type: multipart/alternative; boundary=x\r\n\r\n",
    boundary: "x",
    part: { subtype: "alternative", params: [["boundary", "x"]] },
    children: [
      { header: "Content-Type: text/plain\r\n\r\n", leaf: "Hello World and more" },
      {
        header: "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        leaf: b64("<html><style>p{color:red}</style><p>Hello <b>World</b> &amp; more &lt;3</p></html>"),
        part: { subtype: "html", params: [["charset", "utf-8"]], encoding: "BASE64" },
      },
    ],
  },
  { ...NO_ENVELOPE, subject: "Meeting notes", from: [{ name: null, adl: null, mailbox: "bob", host: "example.org" }] },
  { uid: 20, flags: ["\\Flagged", "\\Draft", "\\Deleted", "\\Recent"], internalDate: new Date("2024-03-06T00:00:00Z"), size: 2000, modseq: 9 },
);

/** 3: multipart/mixed with a PDF and an attached message/rfc822; To is an empty group. */
const INNER = "Subject: nested secret\r\nFrom: eve@example.com\r\n\r\ninner needle\r\n";
const m3 = message(
  {
    header: "From: Zoe <zoe@example.com>\r\nTo: undisclosed-recipients:;\r\nDate: Sun, 31 Dec 2023 23:00:00 +0100\r\n" +
      "Subject: fwd\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n",
    boundary: "m",
    part: { subtype: "mixed", params: [["boundary", "m"]] },
    children: [
      { header: "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n", leaf: b64("%PDF needle"), part: { type: "application", subtype: "pdf", encoding: "BASE64" } },
      {
        header: "Content-Type: message/rfc822\r\n\r\n",
        message: { envelope: { ...NO_ENVELOPE, subject: "nested secret" }, node: { header: INNER.slice(0, INNER.indexOf("\r\n\r\n") + 4), leaf: "inner needle\r\n" } },
      },
    ],
  },
  {
    ...NO_ENVELOPE,
    date: "Sun, 31 Dec 2023 23:00:00 +0100",
    subject: "fwd",
    from: [{ name: "Zoe", adl: null, mailbox: "zoe", host: "example.com" }],
    to: [{ name: null, adl: null, mailbox: "undisclosed-recipients", host: null }, { name: null, adl: null, mailbox: null, host: null }],
  },
  { uid: 30, flags: [], internalDate: new Date("2023-12-31T12:00:00Z"), size: 50000, modseq: 12 },
);

export const CORPUS = [m1, m2, m3];
export const CTX: SearchContext = { maxSeq: 3, maxUid: 30, saved: [20, 30], now: new Date("2024-03-06T00:00:10Z") };

export function query(text: string, o = { uid: false, imap4rev2: false }): SearchQuery {
  const r = parseSearch(toks(text), o);
  if (!r.ok) assert.fail(`${text}: ${r.message}`);
  return r.query;
}

/**
 * The sequence numbers of the corpus messages matching `text`. Summary and bytes are passed only
 * when the query says it needs them, so a key that touches data it did not declare throws.
 */
export function search(text: string, ctx: Partial<SearchContext> = {}): number[] {
  const q = query(text);
  const out: number[] = [];
  CORPUS.forEach((m, i) => {
    const src = { seq: i + 1, meta: m.meta, summary: q.needsSummary ? m.summary : null, body: q.needsBody ? m.body : null };
    if (matches(q, src, { ...CTX, ...ctx })) out.push(i + 1);
  });
  return out;
}
