// Content-Type / Content-Disposition values and their parameters: RFC 2045 syntax (quoted strings,
// comments), what mailers get wrong, and RFC 2231 (continuations, charset'language'%XX).
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseParamHeader } from "../../src/mime/params.ts";
import { decodeParams } from "../../src/mime/rfc2231.ts";
import { summarize } from "../../src/mime/summarize.ts";
import { bytesOf, msg } from "./helpers.ts";

/** Parameters of a Content-Type value, decoded. */
const params = (value: string) => decodeParams(parseParamHeader(value, true).params);
const typeOf = (value: string) => {
  const p = summarize(msg(`Content-Type: ${value}\n\nx`)).part;
  return { type: `${p.type}/${p.subtype}`, params: p.params };
};

test("type and subtype are lower-cased; parameter names too, values keep their case", () => {
  assert.deepEqual(typeOf("TEXT/Plain; CHARSET=UTF-8; Format=Flowed"), { type: "text/plain", params: [["charset", "UTF-8"], ["format", "Flowed"]] });
});

test("quoted values: escapes, `;` inside, and an unterminated quote running to the end", () => {
  assert.deepEqual(params('text/plain; name="a \\"q\\" ; (not a comment)"; b=c'), [["name", 'a "q" ; (not a comment)'], ["b", "c"]]);
  assert.deepEqual(params('text/plain; name="never closed; b=c'), [["name", "never closed; b=c"]]);
  assert.deepEqual(params('text/plain; empty=""'), [["empty", ""]]);
});

test("comments are dropped wherever RFC 2045 allows them", () => {
  assert.deepEqual(typeOf("text/plain (plain text) ; charset=us-ascii (Plain text)"), { type: "text/plain", params: [["charset", "us-ascii"]] });
  assert.deepEqual(typeOf("(lead) text (mid) / (more) html; (c) charset = \"x\" (trailing (nested)) ; a=b"), {
    type: "text/html",
    params: [["charset", "x"], ["a", "b"]],
  });
});

test("unquoted values with tspecials, as mailers write them", () => {
  assert.deepEqual(params("multipart/mixed; boundary=----=_Part_1_2.3/4?x"), [["boundary", "----=_Part_1_2.3/4?x"]]);
  assert.deepEqual(params("application/pdf; name=annual report.pdf"), [["name", "annual report.pdf"]]);
  assert.deepEqual(params("application/pdf; name=file(1).pdf"), [["name", "file(1).pdf"]], "a ( right after text is not a comment");
});

test("a missing `;` before the first parameter is tolerated; junk and names without `=` are skipped", () => {
  assert.deepEqual(params("text/plain charset=utf-8"), [["charset", "utf-8"]]);
  assert.deepEqual(params("text/plain; novalue; ; =x; a=1;;"), [["a", "1"]]);
});

test("a name given twice keeps the first value (the disguised-attachment trick)", () => {
  assert.deepEqual(params("application/octet-stream; name=safe.txt; NAME=evil.exe; name=\"x\""), [["name", "safe.txt"]]);
});

test("invalid Content-Type means text/plain with no parameters (RFC 2045 5.2)", () => {
  for (const v of ["text", "text/", "/plain", "téxt/plain", "", "text/plain/extra"]) {
    assert.deepEqual(typeOf(v + "; charset=x").type, "text/plain", JSON.stringify(v));
  }
  assert.deepEqual(typeOf("garbage; charset=x").params, []);
});

test("RFC 2231 section 4 example: continuations with charset, language and a plain section", () => {
  const v = "application/x-stuff;\r\n title*0*=us-ascii'en'This%20is%20even%20more%20;\r\n title*1*=%2A%2A%2Afun%2A%2A%2A%20;\r\n title*2=\"isn't it!\"";
  assert.deepEqual(params(v), [["title", "This is even more ***fun*** isn't it!"]]);
});

test("RFC 2231 charsets: UTF-8 and ISO-8859-1, a character split across sections, language ignored", () => {
  assert.deepEqual(params("a/b; f*=utf-8''%C3%A9t%C3%A9.txt"), [["f", "été.txt"]]);
  assert.deepEqual(params("a/b; f*=ISO-8859-1'fr'%E9t%E9"), [["f", "été"]]);
  assert.deepEqual(params("a/b; f*0*=utf-8''caf%C3; f*1*=%A9"), [["f", "café"]]);
  assert.deepEqual(params("a/b; f*=''plain%20ascii"), [["f", "plain ascii"]], "empty charset");
});

test("RFC 2231 leniency: unknown charset left as written, bad %, missing quotes, gaps, order", () => {
  assert.deepEqual(params("a/b; f*=x-unknown''%E9t%E9"), [["f", "x-unknown''%E9t%E9"]]);
  assert.deepEqual(params("a/b; f*=utf-8''100%; g*=utf-8''%zz"), [["f", "100%"], ["g", "%zz"]]);
  assert.deepEqual(params("a/b; f*=abc%20def"), [["f", "abc def"]], "no charset'lang' prefix");
  assert.deepEqual(params("a/b; f*0=a; f*2=c"), [["f", "a"]], "the first gap ends the value");
  assert.deepEqual(params("a/b; x=1; f*1=b; f*0=a; y=2"), [["x", "1"], ["f", "ab"], ["y", "2"]], "joined in number order, placed where first seen");
  assert.deepEqual(params("a/b; f*0=a; f*0=z; f*1=b"), [["f", "ab"]], "a repeated section keeps its first value");
});

test("RFC 2231: the extended value wins over a plain fallback of the same name", () => {
  assert.deepEqual(params("a/b; filename=\"fallback.pdf\"; filename*=utf-8''r%C3%A9el.pdf"), [["filename", "réel.pdf"]]);
  assert.deepEqual(params("a/b; filename*0=\"long\"; filename*1=\"name\"; filename=short"), [["filename", "longname"]]);
});

test("8-bit parameter values: UTF-8 decoded, other bytes one char each", () => {
  const p = summarize(new TextEncoder().encode('Content-Type: text/plain; name="été.txt"\r\n\r\n')).part;
  assert.deepEqual(p.params, [["name", "été.txt"]]);
  const q = summarize(bytesOf('Content-Type: text/plain; name="\xe9t\xe9.txt"\r\n\r\n')).part;
  assert.deepEqual(q.params, [["name", "été.txt"]]);
});

test("Content-Disposition: type lower-cased, parameters as for Content-Type; empty means none", () => {
  const p = summarize(msg(`Content-Disposition: ATTACHMENT; filename*0="a"; filename*1="b.txt"; size=12; filename*=utf-8''c.txt\n\nx`)).part;
  // `filename*` is section 0 again: the first one counts.
  assert.deepEqual(p.disposition, { type: "attachment", params: [["filename", "ab.txt"], ["size", "12"]] });
  assert.equal(summarize(msg("Content-Disposition:   \n\nx")).part.disposition, null);
  assert.equal(summarize(msg("Content-Disposition: ; filename=x\n\nx")).part.disposition, null);
});

test("Content-Transfer-Encoding upper-cased, comments dropped, default 7BIT; other Content-* fields raw", () => {
  const p = summarize(msg(`Content-Transfer-Encoding: Quoted-Printable (qp)
Content-ID: <cid@x>
Content-Description:  a =?utf-8?q?d=C3=A9sc?=
Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
Content-Language: en, fr-CA (Canada)
Content-Location: http://example.com/a
 b

x`)).part;
  assert.equal(p.encoding, "QUOTED-PRINTABLE");
  assert.equal(p.id, "<cid@x>");
  assert.equal(p.description, "a =?utf-8?q?d=C3=A9sc?=", "not decoded: IMAP sends it raw");
  assert.equal(p.md5, "Q2hlY2sgSW50ZWdyaXR5IQ==");
  assert.deepEqual(p.language, ["en", "fr-CA"]);
  assert.equal(p.location, "http://example.com/a b");
  const none = summarize(msg("Content-Language: (nothing)\n\nx")).part;
  assert.deepEqual([none.encoding, none.language, none.id, none.md5, none.location, none.description], ["7BIT", null, null, null, null, null]);
});
