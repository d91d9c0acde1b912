// The header block: where it ends, unfolding, line endings, lines that are not fields, and the raw
// field lines FETCH BODY[HEADER.FIELDS (...)] / .NOT returns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHeader } from "../../src/mime/header.ts";
import { headerEntries, headerFields, headerValue, headerValues } from "../../src/mime/header-fields.ts";
import { summarize } from "../../src/mime/summarize.ts";
import { ascii, bytesOf, msg } from "./helpers.ts";

const whole = (bytes: Uint8Array) => summarize(bytes).part;

test("unfolding: CRLF before whitespace is removed, the whitespace kept; values are trimmed", () => {
  const b = msg("Subject:   a\n b\n\tc  \nX: y\n\nbody");
  assert.equal(headerValue(b, whole(b), "subject"), "a b\tc");
  assert.equal(headerValue(b, whole(b), "SUBJECT"), "a b\tc", "names compare case-insensitively");
  assert.equal(headerValue(b, whole(b), "x"), "y");
  assert.equal(headerValue(b, whole(b), "missing"), null);
});

test("the header ends at the first empty line, with CRLF or a bare LF", () => {
  const crlf = msg("A: 1\nB: 2\n\nC: not a header\n");
  assert.equal(whole(crlf).bodyStart, "A: 1\r\nB: 2\r\n\r\n".length);
  assert.equal(headerValue(crlf, whole(crlf), "c"), null);
  const lf = bytesOf("A: 1\nB: 2\n\nC: body\n");
  assert.equal(whole(lf).bodyStart, "A: 1\nB: 2\n\n".length);
  assert.equal(headerValue(lf, whole(lf), "b"), "2");
  const mixed = bytesOf("A: 1\r\nB: 2\n\r\nbody");
  assert.equal(whole(mixed).bodyStart, "A: 1\r\nB: 2\n\r\n".length);
});

test("a header with no empty line runs to the end: no body", () => {
  for (const text of ["Subject: x", "Subject: x\r\n", "Subject: x\r\nTo: y\r\n"]) {
    const b = bytesOf(text);
    const p = whole(b);
    assert.deepEqual([p.bodyStart, p.bodyEnd, p.size], [b.length, b.length, 0], JSON.stringify(text));
    assert.equal(headerValue(b, p, "subject"), "x");
  }
  assert.deepEqual(parseHeader(bytesOf(""), 0, 0), { fields: [], bodyStart: 0, stopped: false });
});

test("a message that starts with the empty line has an empty header and everything as body", () => {
  const b = msg("\nSubject: body text\n");
  const p = whole(b);
  assert.deepEqual([p.headerStart, p.bodyStart, p.bodyEnd], [0, 2, b.length]);
  assert.equal(headerValue(b, p, "subject"), null);
});

test("lines that are not fields (mbox From_, no colon, space in the name) are kept but never matched; obsolete `Name :` is a field", () => {
  const b = msg("From someone@example.com Mon Jan  1 00:00:00 2024\nno colon here\nSubject : spaced name\nBad Name: x\nTo: a@b\n\nbody");
  const p = whole(b);
  assert.equal(headerValue(b, p, "from"), null);
  assert.equal(headerValue(b, p, "subject"), "spaced name");
  assert.equal(headerValue(b, p, "bad name"), null);
  assert.deepEqual(headerEntries(b, p), [["Subject", "spaced name"], ["To", "a@b"]]);
  const fields = parseHeader(b, 0, b.length).fields;
  assert.deepEqual(fields.map((f) => f.name), ["", "", "subject", "", "to"]);
  assert.equal(fields[fields.length - 1].end, p.bodyStart - 2, "fields cover the block up to the empty line");
});

test("a continuation line before any field is a nameless field", () => {
  const b = msg("  leading continuation\nSubject: x\n\n");
  assert.equal(headerValue(b, whole(b), "subject"), "x");
  assert.deepEqual(parseHeader(b, 0, b.length).fields.map((f) => f.name), ["", "subject"]);
});

test("headerValues: every occurrence in order; headerValue: the first", () => {
  const b = msg("Received: one\nReceived: two\n  folded\nX: y\nReceived: three\n\n");
  assert.deepEqual(headerValues(b, whole(b), "received"), ["one", "two  folded", "three"]);
  assert.equal(headerValue(b, whole(b), "Received"), "one");
});

test("8-bit header text: valid UTF-8 is decoded, other bytes are kept one char each", () => {
  const utf8 = new TextEncoder().encode("Subject: café ✓\r\n\r\n");
  assert.equal(headerValue(utf8, whole(utf8), "subject"), "café ✓");
  const latin = bytesOf("Subject: caf\xe9\r\n\r\n");
  assert.equal(headerValue(latin, whole(latin), "subject"), "café");
});

test("HEADER.FIELDS: the matching lines exactly as stored (folds, case, order, repeats), then CRLF", () => {
  const b = msg("Subject: a\n  folded\nfrom: x@y\nTo: t@u\nSUBJECT: again\n\nbody");
  const p = whole(b);
  assert.equal(ascii(headerFields(b, p, ["FROM", "subject"])), "Subject: a\r\n  folded\r\nfrom: x@y\r\nSUBJECT: again\r\n\r\n");
  assert.equal(ascii(headerFields(b, p, ["subject", "from"], { not: true })), "To: t@u\r\n\r\n");
  assert.equal(ascii(headerFields(b, p, ["x-none"])), "\r\n", "no match: only the empty line");
  assert.equal(ascii(headerFields(b, p, [], { not: true })), "Subject: a\r\n  folded\r\nfrom: x@y\r\nTo: t@u\r\nSUBJECT: again\r\n\r\n");
});

test("HEADER.FIELDS keeps bare LF lines as stored and gives a last line with no break its CRLF", () => {
  const lf = bytesOf("Subject: a\nX: b\n\nbody");
  assert.equal(ascii(headerFields(lf, whole(lf), ["subject"])), "Subject: a\n\r\n");
  const cut = bytesOf("X: 1\r\nSubject: last");
  assert.equal(ascii(headerFields(cut, whole(cut), ["subject"])), "Subject: last\r\n\r\n");
});

test("HEADER.FIELDS.NOT leaves out lines that are not fields", () => {
  const b = msg("From someone Mon Jan 1\nSubject: s\n\n");
  assert.equal(ascii(headerFields(b, whole(b), ["to"], { not: true })), "Subject: s\r\n\r\n");
});
