// The structure summarize() finds: RFC 2046 multipart rules, nesting, message/rfc822, the limits,
// and malformed shapes. Bodies are compared byte for byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { summarize } from "../../src/mime/summarize.ts";
import { MAX_DEPTH, MAX_PARTS } from "../../src/mime/limits.ts";
import type { MimePart } from "../../src/mime/types.ts";
import { fixtures } from "./fixtures.ts";
import { allParts, bodyText, bytesOf, checkInvariants, msg } from "./helpers.ts";

const shape = (p: MimePart): unknown =>
  p.parts ? [`${p.type}/${p.subtype}`, p.parts.map(shape)] : p.message ? [`${p.type}/${p.subtype}`, shape(p.message.part)] : `${p.type}/${p.subtype}`;

function read(bytes: Uint8Array) {
  const s = summarize(bytes);
  checkInvariants(bytes, s);
  return s;
}

test("RFC 2046 5.1.1 example: preamble and epilogue belong to no part; the CRLF before a delimiter is the delimiter's", () => {
  const b = fixtures.mixed;
  const s = read(b);
  const [one, two] = s.part.parts!;
  assert.equal(s.part.parts!.length, 2);
  assert.equal(bodyText(b, one), "This is implicitly typed plain US-ASCII text.\r\nIt does NOT end with a linebreak.");
  assert.equal(one.headerStart, one.bodyStart - 2, "an empty header: just the empty line");
  assert.deepEqual([one.type, one.subtype, one.params, one.lines], ["text", "plain", [], 1]);
  assert.equal(bodyText(b, two), "This is explicitly typed plain US-ASCII text.\r\nIt DOES end with a linebreak.\r\n");
  assert.deepEqual([two.params, two.lines], [[["charset", "us-ascii"]], 2]);
  assert.equal(s.part.bodyEnd, b.length, "the multipart's own body runs to the end, epilogue included");
  assert.equal(s.part.lines, 0, "lines are counted for text/* and message/* only");
});

test("nested multiparts and an attachment", () => {
  const b = fixtures.alternativeWithAttachment;
  const s = read(b);
  assert.deepEqual(shape(s.part), ["multipart/mixed", [["multipart/alternative", ["text/plain", "text/html"]], "application/pdf"]]);
  const [alt, pdf] = s.part.parts!;
  assert.equal(bodyText(b, alt.parts![0]), "Hello =3D world, caf=C3=A9 soft=\r\nbreak");
  assert.equal(bodyText(b, alt.parts![1]), "<p>Hello</p>");
  assert.equal(alt.parts![0].encoding, "QUOTED-PRINTABLE");
  assert.deepEqual(pdf.disposition, { type: "attachment", params: [["filename", "report.pdf"], ["size", "12"]] });
  assert.deepEqual([pdf.encoding, pdf.id, pdf.description, pdf.md5], ["BASE64", "<part1@example.com>", "The report", "Q2hlY2sgSW50ZWdyaXR5IQ=="]);
  assert.equal(bodyText(b, pdf), "JVBERi0xLjQKJcfs\r\nj6IKMSAwIG9iago=");
  assert.equal(pdf.lines, 0);
});

test("message/rfc822 inside a multipart: its envelope, its own multipart, its size and lines", () => {
  const b = fixtures.forwarded;
  const s = read(b);
  assert.deepEqual(shape(s.part), ["multipart/mixed", ["text/plain", ["message/rfc822", ["multipart/alternative", ["text/plain", "text/html"]]]]]);
  const m = s.part.parts![1];
  const env = m.message!.envelope;
  assert.equal(env.subject, "inner");
  assert.deepEqual(env.from, [{ name: "Inner Sender", adl: null, mailbox: "inner", host: "example.org" }]);
  assert.deepEqual(env.cc, [{ name: "A, B", adl: null, mailbox: "ab", host: "example.org" }]);
  assert.deepEqual([env.messageId, env.inReplyTo], ["<inner@example.org>", "<older@example.org>"]);
  assert.equal(m.message!.part.headerStart, m.bodyStart);
  assert.equal(m.message!.part.bodyEnd, m.bodyEnd);
  assert.ok(bodyText(b, m).startsWith("From: Inner Sender"));
  assert.ok(bodyText(b, m).endsWith("--b2--\r\n"), "the nested close delimiter keeps its line break (as Dovecot)");
  assert.equal(m.lines, bodyText(b, m).split("\n").length - 1);
  assert.equal(s.envelope.subject, "Fwd: inner", "the outer envelope is the outer header's");
});

test("a boundary that extends its parent's, and one that repeats it, still nest correctly", () => {
  const p = read(fixtures.prefixBoundaries).part;
  assert.deepEqual(shape(p), ["multipart/mixed", [["multipart/alternative", ["text/plain"]], ["message/rfc822", "text/plain"], "text/plain"]]);
  assert.equal(bodyText(fixtures.prefixBoundaries, p.parts![0].parts![0]), "x");
  const q = read(fixtures.sameBoundaryNested).part;
  assert.deepEqual(shape(q), ["multipart/mixed", [["multipart/mixed", ["text/plain"]], "text/plain"]]);
  assert.equal(bodyText(fixtures.sameBoundaryNested, q.parts![1]), "outer2");
});

test("a missing close delimiter: the last part runs to the end", () => {
  const p = read(fixtures.missingClose).part;
  assert.equal(p.parts!.length, 1);
  assert.equal(bodyText(fixtures.missingClose, p.parts![0]), "never closed\r\n");
  assert.equal(p.parts![0].bodyEnd, fixtures.missingClose.length);
});

test("transport padding and junk after a boundary still make a delimiter; a header cut by a delimiter has no body", () => {
  const b = fixtures.paddingAndJunk;
  const p = read(b).part;
  assert.equal(p.parts!.length, 4);
  const cut = p.parts![0];
  assert.equal(String.fromCharCode(...b.subarray(cut.headerStart, cut.bodyStart)), "Content-Type: text/plain", "the line break went to the delimiter");
  assert.equal(cut.size, 0);
  assert.equal(bodyText(b, p.parts![3]), "q");
});

test("multipart/digest: parts default to message/rfc822, an explicit type still counts", () => {
  const b = fixtures.digest;
  const p = read(b).part;
  assert.deepEqual(shape(p), ["multipart/digest", [["message/rfc822", "text/plain"], "text/plain"]]);
  assert.equal(p.parts![0].message!.envelope.subject, "in digest");
  const bad = read(msg("Content-Type: multipart/digest; boundary=d\n\n--d\nContent-Type: nonsense\n\nx\n--d--\n")).part;
  assert.equal(shape(bad.parts![0]), "text/plain", "an invalid Content-Type is text/plain even in a digest");
});

test("empty multiparts: no boundary parameter, or no delimiter in the body, give no parts", () => {
  for (const name of ["multipartNoBoundary", "multipartNoDelimiter"]) {
    const p = read(fixtures[name]).part;
    assert.deepEqual([p.type, p.parts, p.bodyEnd], ["multipart", [], fixtures[name].length], name);
  }
  assert.deepEqual(read(msg('Content-Type: multipart/mixed; boundary=""\n\n--\nx\n')).part.parts, []);
});

test("message/rfc822 with a transfer encoding is not opened: an empty envelope and part at the body's end", () => {
  const b = fixtures.encodedMessage;
  const p = read(b).part;
  assert.deepEqual(p.message!.envelope, { date: null, subject: null, from: null, sender: null, replyTo: null, to: null, cc: null, bcc: null, inReplyTo: null, messageId: null });
  assert.deepEqual([p.message!.part.headerStart, p.message!.part.bodyEnd, p.message!.part.type], [b.length, b.length, "text"]);
  assert.equal(p.lines, 1);
});

test("message/global (RFC 6532) is opened like message/rfc822, UTF-8 header and all", () => {
  const b = new TextEncoder().encode("Content-Type: message/global\r\n\r\nSubject: Grüße\r\nFrom: jörg@bücher.example\r\n\r\nx\r\n");
  const p = read(b).part;
  assert.equal(p.message!.envelope.subject, "Grüße");
  assert.deepEqual(p.message!.envelope.from, [{ name: null, adl: null, mailbox: "jörg", host: "bücher.example" }]);
});

test(`nesting stops at level ${MAX_DEPTH}: the container there is application/octet-stream, parameters kept`, () => {
  for (const name of ["deepMultipart", "deepMessage"]) {
    const s = read(fixtures[name]);
    let p: MimePart = s.part;
    let level = 1;
    for (;;) {
      const next = p.parts?.[0] ?? p.message?.part;
      if (!next) break;
      p = next;
      level++;
    }
    assert.equal(level, MAX_DEPTH, name);
    assert.equal(`${p.type}/${p.subtype}`, "application/octet-stream", name);
  }
  const deepest = allParts(read(fixtures.deepMultipart)).find(({ part }) => part.type === "application")!.part;
  assert.deepEqual(deepest.params, [["boundary", `b${MAX_DEPTH - 1}`]]);
});

test(`at most ${MAX_PARTS} entities: past that, boundaries are ignored and the last part runs to the end`, () => {
  const n = MAX_PARTS + 500;
  let text = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (let i = 0; i < n; i++) text += `--b\r\n\r\npart ${i}\r\n`;
  text += "--b--\r\n";
  const b = bytesOf(text);
  const s = read(b);
  assert.equal(allParts(s).length, MAX_PARTS);
  const last = s.part.parts![s.part.parts!.length - 1];
  assert.equal(last.bodyEnd, b.length);
  assert.ok(bodyText(b, last).includes(`part ${n - 1}`));
});

test("bare LF line endings parse the same way (offsets as stored)", () => {
  const b = bytesOf("Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\none\ntwo\n--b\n\nthree\n--b--\n");
  const p = read(b).part;
  assert.deepEqual(p.parts!.map((c) => bodyText(b, c)), ["one\ntwo", "three"]);
  assert.deepEqual(p.parts!.map((c) => c.lines), [1, 0]);
});

test("boundaries as written: 8-bit, quoted with spaces, or only as RFC 2231 boundary*", () => {
  const utf8 = new TextEncoder().encode('Content-Type: multipart/mixed; boundary="grüße ✓"\r\n\r\n--grüße ✓\r\n\r\nx\r\n--grüße ✓--\r\n');
  const p = read(utf8).part;
  assert.deepEqual([p.params, p.parts!.length], [[["boundary", "grüße ✓"]], 1]);
  const latin = bytesOf('Content-Type: multipart/mixed; boundary="gr\xfc"\r\n\r\n--gr\xfc\r\n\r\nx\r\n--gr\xfc--\r\n');
  assert.equal(read(latin).part.parts!.length, 1);
  const ext = msg("Content-Type: multipart/mixed; boundary*=utf-8''a%20b\n\n--a b\n\nx\n--a b--\n");
  assert.equal(read(ext).part.parts!.length, 1);
  const both = msg("Content-Type: multipart/mixed; boundary*=utf-8''other; boundary=real\n\n--real\n\nx\n--real--\n");
  const q = read(both).part;
  assert.deepEqual([q.params, q.parts!.length], [[["boundary", "real"]], 1], "the boundary reported is the one matched");
});

test("default type text/plain with no parameters; lines and size of a simple message", () => {
  const b = fixtures.plain;
  const s = read(b);
  assert.deepEqual([s.part.type, s.part.subtype, s.part.params, s.part.encoding], ["text", "plain", [], "7BIT"]);
  assert.equal(bodyText(b, s.part), 'This is a message just to say hello.\r\nSo, "Hello".\r\n');
  assert.deepEqual([s.part.size, s.part.lines], [52, 2]);
  assert.equal(s.envelope.subject, "Saying Hello");
});

test("an empty message and a header-only message", () => {
  const e = read(fixtures.empty);
  assert.deepEqual([e.part.headerStart, e.part.bodyStart, e.part.bodyEnd, e.part.type], [0, 0, 0, "text"]);
  const h = read(fixtures.headerOnly);
  assert.deepEqual([h.part.bodyStart, h.part.size, h.envelope.subject], [fixtures.headerOnly.length, 0, "no body"]);
});

test("the summary is plain JSON with format version 1", () => {
  const s = summarize(fixtures.forwarded);
  assert.equal(s.v, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
});
