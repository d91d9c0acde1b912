// BODY[section]: the RFC 3501 6.4.5 example message, part by part, then the edge cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { section, summarize, type SectionSpec } from "../../src/mime/mod.ts";
import { ascii, msg } from "./helpers.ts";

// The structure of RFC 3501 6.4.5's example, each body saying which part it is.
const RFC3501 = msg(`Subject: top
Content-Type: MULTIPART/MIXED; boundary=top

--top
Content-Type: TEXT/PLAIN

part 1
--top
Content-Type: APPLICATION/OCTET-STREAM

part 2
--top
Content-Type: MESSAGE/RFC822
X-Part: 3

Subject: three
Content-Type: MULTIPART/MIXED; boundary=three

--three
Content-Type: TEXT/PLAIN

part 3.1
--three
Content-Type: APPLICATION/OCTET-STREAM

part 3.2
--three--
--top
Content-Type: MULTIPART/MIXED; boundary=four

--four
Content-Type: IMAGE/GIF

part 4.1
--four
Content-Type: MESSAGE/RFC822

Subject: four-two
Content-Type: MULTIPART/MIXED; boundary=fourtwo

--fourtwo
Content-Type: TEXT/PLAIN

part 4.2.1
--fourtwo
Content-Type: MULTIPART/ALTERNATIVE; boundary=alt

--alt
Content-Type: TEXT/PLAIN

part 4.2.2.1
--alt
Content-Type: TEXT/RICHTEXT

part 4.2.2.2
--alt--
--fourtwo--
--four--
--top--
`);
const summary = summarize(RFC3501);

function spec(s: string): SectionSpec {
  const m = /^([\d.]*?)\.?(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME)?(?: \((.*)\))?$/.exec(s)!;
  return { path: m[1] === "" ? [] : m[1].split(".").map(Number), ...(m[2] ? { text: m[2] as SectionSpec["text"] } : {}), ...(m[3] ? { fields: m[3].split(" ") } : {}) };
}
const get = (s: string, bytes = RFC3501) => ascii(section(bytes, summarize(bytes), spec(s)));

test("RFC 3501 6.4.5 example: every part number names the part the RFC says", () => {
  for (const n of ["1", "2", "3.1", "3.2", "4.1", "4.2.1", "4.2.2.1", "4.2.2.2"]) assert.equal(get(n), `part ${n}`, n);
  assert.equal(section(RFC3501, summary, { path: [] }), RFC3501, "BODY[] is the whole message");
});

test("RFC 3501 6.4.5 example: HEADER and TEXT of the message and of encapsulated messages", () => {
  assert.equal(get("HEADER"), "Subject: top\r\nContent-Type: MULTIPART/MIXED; boundary=top\r\n\r\n");
  assert.ok(get("TEXT")!.startsWith("--top\r\n") && get("TEXT")!.endsWith("--top--\r\n"));
  assert.equal(get("3.HEADER"), "Subject: three\r\nContent-Type: MULTIPART/MIXED; boundary=three\r\n\r\n");
  assert.ok(get("3.TEXT")!.startsWith("--three\r\n") && get("3.TEXT")!.endsWith("--three--\r\n"));
  assert.equal(get("4.2.HEADER"), "Subject: four-two\r\nContent-Type: MULTIPART/MIXED; boundary=fourtwo\r\n\r\n");
  assert.ok(get("4.2.TEXT")!.startsWith("--fourtwo\r\n"));
  assert.equal(get("3"), get("3.HEADER")! + get("3.TEXT")!, "a message/rfc822 part's body is the whole encapsulated message");
});

test("RFC 3501 6.4.5 example: MIME is the part's own header, whatever its type", () => {
  assert.equal(get("4.1.MIME"), "Content-Type: IMAGE/GIF\r\n\r\n");
  assert.equal(get("3.MIME"), "Content-Type: MESSAGE/RFC822\r\nX-Part: 3\r\n\r\n");
  assert.equal(get("4.MIME"), "Content-Type: MULTIPART/MIXED; boundary=four\r\n\r\n");
  assert.equal(get("4.2.2.MIME"), "Content-Type: MULTIPART/ALTERNATIVE; boundary=alt\r\n\r\n");
});

test("HEADER.FIELDS and .NOT of the message and of an encapsulated one", () => {
  assert.equal(get("HEADER.FIELDS (subject)"), "Subject: top\r\n\r\n");
  assert.equal(get("3.HEADER.FIELDS (SUBJECT X-None)"), "Subject: three\r\n\r\n");
  assert.equal(get("4.2.HEADER.FIELDS.NOT (subject)"), "Content-Type: MULTIPART/MIXED; boundary=fourtwo\r\n\r\n");
  assert.equal(ascii(section(RFC3501, summary, { path: [], text: "HEADER.FIELDS" })), "\r\n", "no field names: only the empty line");
});

test("a message that is not multipart has exactly one part, its body; 1.MIME is its header", () => {
  const b = msg("Subject: s\nContent-Type: text/plain\n\nthe body\n");
  assert.equal(get("1", b), "the body\r\n");
  assert.equal(get("TEXT", b), "the body\r\n");
  assert.equal(get("1.MIME", b), "Subject: s\r\nContent-Type: text/plain\r\n\r\n");
  assert.equal(get("2", b), null);
  assert.equal(get("1.1", b), null);
});

test("a message whose body is a message: 1 is the encapsulated message, 1.HEADER/1.1 reach into it", () => {
  const b = msg("Subject: outer\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n");
  assert.equal(get("1", b), "Subject: inner\r\n\r\ninner body\r\n");
  assert.equal(get("1.HEADER", b), "Subject: inner\r\n\r\n");
  assert.equal(get("1.TEXT", b), "inner body\r\n");
  assert.equal(get("1.1", b), "inner body\r\n");
  assert.equal(get("1.1.MIME", b), "Subject: inner\r\n\r\n");
});

test("specs that name nothing give null", () => {
  for (const s of ["5", "0", "1.1", "1.HEADER", "1.TEXT", "4.1.HEADER", "MIME", "3.3", "4.2.2.3", "4.2.2.1.1", "9.9.9"]) {
    assert.equal(section(RFC3501, summary, spec(s)), null, s);
  }
  for (const path of [[-1], [1.5], [Number.NaN], [Number.MAX_SAFE_INTEGER]]) assert.equal(section(RFC3501, summary, { path }), null, String(path));
});

test("ranges are views into the stored bytes, not copies", () => {
  const r = section(RFC3501, summary, { path: [4, 1] })!;
  assert.equal(r.buffer, RFC3501.buffer);
});
