import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type FetchPlan, parseFetch, renderFetch, renderFlags, type RenderOptions } from "../../../../src/protocols/imap/fetch/mod.ts";
import { countLines, message, NO_ENVELOPE, textOf, u8 } from "./build.ts";
import { INNER_HEADER, MIXED_HEADER, mixed, PNG_B64, QP_BODY, RFC_HEADER, rfcExample } from "./fixtures.ts";
import { tok } from "./tokens.ts";

type Msg = ReturnType<typeof message>;

function plan(att: string, mods?: string, o = { uid: false, qresync: false }): FetchPlan {
  const r = parseFetch(tok(att), mods ? tok(mods) : undefined, o);
  if (!r.ok) assert.fail(r.message);
  return r.plan;
}
/** The response as a byte string; loads only what the plan asks for, like the command does. */
function fetch(att: string, m: Msg, o: Partial<RenderOptions> = {}, seq = 1, mods?: string): string {
  const p = plan(att, mods);
  const r = renderFetch(p, { seq, meta: m.meta, summary: p.needsSummary ? m.summary : null, body: p.needsBody ? m.body : null }, { uid: false, condstore: false, ...o });
  if (!(r instanceof Uint8Array)) assert.fail(`unexpected ${r.error}: ${r.message}`);
  return textOf(r);
}
const lit = (s: string) => `{${s.length}}\r\n${s}`;

const RFC_ENVELOPE_TEXT = '("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" ' +
  '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
  '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
  '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
  '"<B27397-0100000@cac.washington.edu>")';

describe("renderFetch: RFC 3501 section 8 example", () => {
  test("FETCH 12 FULL, byte for byte (zone +0000: the store keeps the instant)", () => {
    assert.equal(
      fetch("FULL", rfcExample(), {}, 12),
      '* 12 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 09:44:25 +0000" RFC822.SIZE 4286 ENVELOPE ' + RFC_ENVELOPE_TEXT +
        ' BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))\r\n',
    );
  });
  test("FETCH 12 BODY[HEADER]", () => {
    assert.equal(fetch("BODY[HEADER]", rfcExample(), {}, 12), `* 12 FETCH (BODY[HEADER] ${lit(RFC_HEADER)})\r\n`);
  });
});

describe("renderFetch: simple items", () => {
  const m = rfcExample();
  test("FLAGS, UID, RFC822.SIZE, MODSEQ", () => {
    assert.equal(fetch("(FLAGS UID RFC822.SIZE MODSEQ)", m), "* 1 FETCH (UID 4827313 FLAGS (\\Seen) RFC822.SIZE 4286 MODSEQ (12121231000))\r\n");
  });
  test("empty flags", () => {
    assert.equal(fetch("FLAGS", message({ header: "", leaf: "x" })), "* 1 FETCH (FLAGS ())\r\n");
  });
  test("INTERNALDATE pads a one-digit day with a space", () => {
    const d = message({ header: "", leaf: "" }, NO_ENVELOPE, { internalDate: new Date("2001-02-03T04:05:06Z") });
    assert.equal(fetch("INTERNALDATE", d), '* 1 FETCH (INTERNALDATE " 3-Feb-2001 04:05:06 +0000")\r\n');
    const e = message({ header: "", leaf: "" }, NO_ENVELOPE, { internalDate: new Date("2030-12-31T23:59:59Z") });
    assert.equal(fetch("INTERNALDATE", e), '* 1 FETCH (INTERNALDATE "31-Dec-2030 23:59:59 +0000")\r\n');
  });
  test("UID FETCH puts UID first, once, even when asked for later", () => {
    assert.equal(fetch("(FLAGS UID)", m, { uid: true }), "* 1 FETCH (UID 4827313 FLAGS (\\Seen))\r\n");
    assert.equal(fetch("FLAGS", m, { uid: true }), "* 1 FETCH (UID 4827313 FLAGS (\\Seen))\r\n");
  });
  test("FAST", () => {
    assert.equal(fetch("FAST", m), '* 1 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 09:44:25 +0000" RFC822.SIZE 4286)\r\n');
  });
});

describe("renderFetch: ENVELOPE strings", () => {
  const env = (e: Partial<typeof NO_ENVELOPE>, o: Partial<RenderOptions> = {}) =>
    fetch("ENVELOPE", message({ header: "", leaf: "" }, { ...NO_ENVELOPE, ...e }), o);
  test("all NIL", () => assert.equal(env({}), "* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))\r\n"));
  test('a string with " or \\ goes as a literal (no escapes, as Dovecot); "" stays quoted', () => {
    assert.equal(env({ subject: 'say "hi"', inReplyTo: "" }), `* 1 FETCH (ENVELOPE (NIL ${lit('say "hi"')} NIL NIL NIL NIL NIL NIL "" NIL))\r\n`);
    assert.equal(env({ subject: "a\\b" }), `* 1 FETCH (ENVELOPE (NIL ${lit("a\\b")} NIL NIL NIL NIL NIL NIL NIL NIL))\r\n`);
  });
  test("8-bit text goes as a literal of its UTF-8, or quoted after UTF8=ACCEPT", () => {
    const subject = "héllo wörld";
    assert.equal(env({ subject }), `* 1 FETCH (ENVELOPE (NIL ${lit(u8(subject))} NIL NIL NIL NIL NIL NIL NIL NIL))\r\n`);
    assert.equal(env({ subject }, { utf8Accept: true }), `* 1 FETCH (ENVELOPE (NIL "${u8(subject)}" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n`);
  });
  test("CR, LF, NUL and other controls force a literal", () => {
    for (const s of ["a\r\nb", "a\nb", "a\0b", "a\x01b", "a\x7fb"]) {
      assert.equal(env({ subject: s }), `* 1 FETCH (ENVELOPE (NIL ${lit(s)} NIL NIL NIL NIL NIL NIL NIL NIL))\r\n`, JSON.stringify(s));
    }
  });
  test("a tab may be quoted; a very long string goes as a literal", () => {
    assert.equal(env({ subject: "a\tb" }), '* 1 FETCH (ENVELOPE (NIL "a\tb" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n');
    assert.equal(env({ subject: "x".repeat(4096) }), `* 1 FETCH (ENVELOPE (NIL "${"x".repeat(4096)}" NIL NIL NIL NIL NIL NIL NIL NIL))\r\n`);
    const long = "x".repeat(4097);
    assert.equal(env({ subject: long }), `* 1 FETCH (ENVELOPE (NIL ${lit(long)} NIL NIL NIL NIL NIL NIL NIL NIL))\r\n`);
  });
  test("groups (RFC 3501 7.4.2 group syntax) and empty lists", () => {
    const to = [
      { name: null, adl: null, mailbox: "undisclosed", host: null },
      { name: "A", adl: null, mailbox: "a", host: "x.test" },
      { name: null, adl: null, mailbox: null, host: null },
    ];
    assert.equal(env({ to, cc: [] }), '* 1 FETCH (ENVELOPE (NIL NIL NIL NIL NIL ((NIL NIL "undisclosed" NIL)("A" NIL "a" "x.test")(NIL NIL NIL NIL)) NIL NIL NIL NIL))\r\n');
  });
  test("an 8-bit display name", () => {
    const from = [{ name: "Zoë", adl: null, mailbox: "z", host: "x.test" }];
    assert.equal(env({ from }), `* 1 FETCH (ENVELOPE (NIL NIL ((${lit(u8("Zoë"))} NIL "z" "x.test")) NIL NIL NIL NIL NIL NIL NIL))\r\n`);
  });
});

describe("renderFetch: BODY and BODYSTRUCTURE", () => {
  const m = mixed();
  const innerBody = m.text.slice(m.text.indexOf(INNER_HEADER) + INNER_HEADER.length, m.text.indexOf("\r\n--b1\r\nContent-Type: application"));
  const msgSize = INNER_HEADER.length + innerBody.length;
  const msgLines = countLines(INNER_HEADER + innerBody);
  const innerEnv = '("Mon, 4 Mar 2024 10:00:00 +0100" "inner" ((NIL NIL "bob" "example.org")) ((NIL NIL "bob" "example.org")) ((NIL NIL "bob" "example.org")) NIL NIL NIL NIL NIL)';
  test("the fixture is what the test thinks it is", () => {
    assert.equal(innerBody, '--alt\r\nContent-Type: text/plain\r\n\r\nplain\r\ntext\r\n--alt\r\nContent-Type: text/html; charset=x\r\n\r\n<p>html</p>\r\n--alt--\r\n');
  });
  test("BODYSTRUCTURE: every extension field, nested message, multipart extension data", () => {
    assert.equal(
      fetch("BODYSTRUCTURE", m),
      "* 1 FETCH (BODYSTRUCTURE (" +
        '("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "QUOTED-PRINTABLE" 19 2 NIL NIL NIL NIL)' +
        '("IMAGE" "PNG" ("NAME" "a.png") "<img1@x>" ' + lit('a "small" image') + ' "BASE64" 14 "Q2hlY2sgSW50ZWdyaXR5IQ==" ("ATTACHMENT" ("FILENAME" "a.png")) ("en" "de") "http://x.test/a.png")' +
        `("MESSAGE" "RFC822" NIL NIL NIL "7BIT" ${msgSize} ${innerEnv} ` +
        '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 11 2 NIL NIL NIL NIL)("TEXT" "HTML" ("CHARSET" "x") NIL NIL "7BIT" 11 1 NIL NIL NIL NIL) "ALTERNATIVE" ("BOUNDARY" "alt") NIL NIL NIL)' +
        ` ${msgLines} NIL NIL NIL NIL)` +
        '("APPLICATION" "OCTET-STREAM" NIL NIL NIL "X-UUENCODE" 18 NIL NIL NIL NIL)' +
        ' "MIXED" ("BOUNDARY" "b1") NIL NIL NIL))\r\n',
    );
  });
  test("BODY: the same without extension data", () => {
    assert.equal(
      fetch("BODY", m),
      "* 1 FETCH (BODY (" +
        '("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "QUOTED-PRINTABLE" 19 2)' +
        '("IMAGE" "PNG" ("NAME" "a.png") "<img1@x>" ' + lit('a "small" image') + ' "BASE64" 14)' +
        `("MESSAGE" "RFC822" NIL NIL NIL "7BIT" ${msgSize} ${innerEnv} ` +
        '(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 11 2)("TEXT" "HTML" ("CHARSET" "x") NIL NIL "7BIT" 11 1) "ALTERNATIVE")' +
        ` ${msgLines})` +
        '("APPLICATION" "OCTET-STREAM" NIL NIL NIL "X-UUENCODE" 18)' +
        ' "MIXED"))\r\n',
    );
  });
  test("a one-language list and a disposition without parameters", () => {
    const one = message({ header: "", leaf: "x", part: { language: ["fr"], disposition: { type: "inline", params: [] } } });
    assert.equal(fetch("BODYSTRUCTURE", one), '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1 1 NIL ("INLINE" NIL) ("fr") NIL))\r\n');
  });
  test("an empty multipart is shown with one empty text part (the grammar needs one body)", () => {
    const empty = message({ header: "", leaf: "", part: { type: "multipart", subtype: "mixed", params: [["boundary", "x"]], parts: [] } });
    assert.equal(fetch("BODY", empty), '* 1 FETCH (BODY (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 0 0) "MIXED"))\r\n');
  });
  test("8-bit parameter values go as literals", () => {
    const p = message({ header: "", leaf: "x", part: { type: "application", subtype: "pdf", params: [["name", "résumé.pdf"]] } });
    assert.equal(fetch("BODY", p), `* 1 FETCH (BODY ("APPLICATION" "PDF" ("NAME" ${lit(u8("résumé.pdf"))}) NIL NIL "7BIT" 1))\r\n`);
  });
});

describe("renderFetch: BODY[section]", () => {
  const m = mixed();
  const part1Header = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
  const innerBody = '--alt\r\nContent-Type: text/plain\r\n\r\nplain\r\ntext\r\n--alt\r\nContent-Type: text/html; charset=x\r\n\r\n<p>html</p>\r\n--alt--\r\n';
  const one = (att: string, data: string, label = att) => assert.equal(fetch(att, m), `* 1 FETCH (${label} ${lit(data)})\r\n`);
  test("BODY[] is the whole message", () => one("BODY[]", m.text));
  test("BODY[HEADER] and BODY[TEXT]", () => {
    one("BODY[HEADER]", MIXED_HEADER);
    one("BODY[TEXT]", m.text.slice(MIXED_HEADER.length));
  });
  test("BODY[1], BODY[1.MIME]", () => {
    one("BODY[1]", QP_BODY);
    one("BODY[1.MIME]", part1Header);
  });
  test("BODY[2] is the encoded body", () => one("BODY[2]", PNG_B64));
  test("message/rfc822: BODY[3], 3.HEADER, 3.TEXT, 3.MIME, 3.1, 3.2, 3.2.MIME", () => {
    one("BODY[3]", INNER_HEADER + innerBody);
    one("BODY[3.HEADER]", INNER_HEADER);
    one("BODY[3.TEXT]", innerBody);
    one("BODY[3.MIME]", "Content-Type: message/rfc822\r\n\r\n");
    one("BODY[3.1]", "plain\r\ntext");
    one("BODY[3.2]", "<p>html</p>");
    one("BODY[3.2.MIME]", "Content-Type: text/html; charset=x\r\n\r\n");
    one("BODY[3.HEADER.FIELDS (subject)]", "Subject: inner\r\n\r\n", "BODY[3.HEADER.FIELDS (SUBJECT)]");
  });
  test("a missing part, or HEADER under a part that is no message, is empty", () => {
    one("BODY[9]", "");
    one("BODY[1.1]", "");
    one("BODY[3.3]", "");
    one("BODY[1.HEADER]", "");
    one("BODY[2.TEXT]", "");
  });
  test("BODY[1] of a message that is not multipart is its body; 1.MIME its header", () => {
    const s = message({ header: "Subject: x\r\n\r\n", leaf: "body\r\n" });
    assert.equal(fetch("BODY[1]", s), `* 1 FETCH (BODY[1] ${lit("body\r\n")})\r\n`);
    assert.equal(fetch("BODY[1.MIME]", s), `* 1 FETCH (BODY[1.MIME] ${lit("Subject: x\r\n\r\n")})\r\n`);
    assert.equal(fetch("BODY[2]", s), `* 1 FETCH (BODY[2] {0}\r\n)\r\n`);
  });
  test("HEADER.FIELDS keeps order and folding, matches names case-insensitively, ends with a blank line", () => {
    one("BODY[HEADER.FIELDS (TO From)]", "From: alice@example.com\r\nTo: bob@example.org,\r\n carol@example.org\r\n\r\n", "BODY[HEADER.FIELDS (TO FROM)]");
    one("BODY[HEADER.FIELDS.NOT (to content-type)]", "From: alice@example.com\r\nSubject: mixed\r\n\r\n", "BODY[HEADER.FIELDS.NOT (TO CONTENT-TYPE)]");
    one("BODY[HEADER.FIELDS (X-None)]", "\r\n", "BODY[HEADER.FIELDS (X-NONE)]");
  });
  test("HEADER.FIELDS: a repeated field, a space before the colon, a header cut without its blank line", () => {
    const h = message({ header: "Received: a\r\nX-A: 1\r\nReceived : b\r\n\tc\r\nX-B: 2", leaf: "" });
    assert.equal(fetch("BODY.PEEK[HEADER.FIELDS (received)]", h), `* 1 FETCH (BODY[HEADER.FIELDS (RECEIVED)] ${lit("Received: a\r\nReceived : b\r\n\tc\r\n\r\n")})\r\n`);
    assert.equal(fetch("BODY.PEEK[HEADER.FIELDS (x-b)]", h), `* 1 FETCH (BODY[HEADER.FIELDS (X-B)] ${lit("X-B: 2\r\n\r\n")})\r\n`);
  });
  test("partial: <origin> in the name, clipped at the end, empty past it", () => {
    one("BODY[]<0.5>", m.text.slice(0, 5), "BODY[]<0>");
    one("BODY[1]<5.1000>", QP_BODY.slice(5), "BODY[1]<5>");
    one(`BODY[1]<${QP_BODY.length}.10>`, "", `BODY[1]<${QP_BODY.length}>`);
    one("BODY[1]<4294967295.1>", "", "BODY[1]<4294967295>");
  });
  test("RFC822, RFC822.HEADER, RFC822.TEXT", () => {
    one("RFC822", m.text);
    one("RFC822.HEADER", MIXED_HEADER);
    one("RFC822.TEXT", m.text.slice(MIXED_HEADER.length));
  });
  test("several items in order", () => {
    assert.equal(
      fetch("(UID BODY.PEEK[1] FLAGS BODY[3.1])", m, { uid: true }),
      `* 1 FETCH (UID 7 BODY[1] ${lit(QP_BODY)} FLAGS () BODY[3.1] ${lit("plain\r\ntext")})\r\n`,
    );
  });
  test("8-bit message bytes pass unchanged", () => {
    const body = u8("grüße\r\n") + "\xff\x00\r\n";
    const e = message({ header: "Subject: " + u8("ü") + "\r\n\r\n", leaf: body });
    assert.equal(fetch("BODY[TEXT]", e), `* 1 FETCH (BODY[TEXT] ${lit(body)})\r\n`);
  });
});

describe("renderFetch: BINARY (RFC 3516)", () => {
  const m = mixed();
  test("quoted-printable decoded", () => {
    assert.equal(fetch("BINARY[1]", m), `* 1 FETCH (BINARY[1] ${lit(u8("café ") + "soft\r\n")})\r\n`);
  });
  test("base64 decoded; NUL inside → literal8", () => {
    const png = "\x00\x01\x02\x03\x00\x89PNG";
    assert.equal(fetch("BINARY.PEEK[2]", m), `* 1 FETCH (BINARY[2] ~{${png.length}}\r\n${png})\r\n`);
    assert.equal(fetch("BINARY.PEEK[2]<6.3>", m), `* 1 FETCH (BINARY[2]<6> {3}\r\nPNG)\r\n`);
    assert.equal(fetch("BINARY.PEEK[2]<0.2>", m), `* 1 FETCH (BINARY[2]<0> ~{2}\r\n\x00\x01)\r\n`);
  });
  test("BINARY.SIZE is the decoded size; BINARY.SIZE[] the message size", () => {
    assert.equal(fetch("(BINARY.SIZE[1] BINARY.SIZE[2] BINARY.SIZE[3.1] BINARY.SIZE[])", m),
      `* 1 FETCH (BINARY.SIZE[1] ${u8("café ").length + 6} BINARY.SIZE[2] 9 BINARY.SIZE[3.1] 11 BINARY.SIZE[] ${m.body.length})\r\n`);
  });
  test("7bit part and message parts pass unchanged; BINARY[] is the message", () => {
    assert.equal(fetch("BINARY[3.1]", m), `* 1 FETCH (BINARY[3.1] ${lit("plain\r\ntext")})\r\n`);
    assert.equal(fetch("BINARY[]", m), `* 1 FETCH (BINARY[] ${lit(m.text)})\r\n`);
  });
  test("an unknown transfer encoding is an UNKNOWN-CTE error", () => {
    for (const att of ["BINARY[4]", "BINARY.SIZE[4]"]) {
      const p = plan(att);
      const r = renderFetch(p, { seq: 1, meta: m.meta, summary: m.summary, body: m.body }, { uid: false, condstore: false });
      assert.ok(!(r instanceof Uint8Array));
      assert.equal(r.error, "UNKNOWN-CTE");
      assert.match(r.message, /X-UUENCODE/);
    }
  });
});

describe("renderFetch: flags and MODSEQ", () => {
  const m = mixed();
  test("\\Seen just set: FLAGS added when not asked", () => {
    assert.equal(fetch("BODY[1]", m, { flags: ["\\Seen"] }), `* 1 FETCH (BODY[1] ${lit(QP_BODY)} FLAGS (\\Seen))\r\n`);
  });
  test("... with CONDSTORE, MODSEQ too (the new one)", () => {
    assert.equal(fetch("BODY[1]", m, { flags: ["\\Seen"], condstore: true, modseq: 41 }), `* 1 FETCH (BODY[1] ${lit(QP_BODY)} FLAGS (\\Seen) MODSEQ (41))\r\n`);
  });
  test("asked FLAGS shows the override in place; unchanged flags add nothing", () => {
    assert.equal(fetch("(FLAGS BODY[1])", m, { flags: ["\\Seen"] }), `* 1 FETCH (FLAGS (\\Seen) BODY[1] ${lit(QP_BODY)})\r\n`);
    assert.equal(fetch("UID", m, { flags: [], condstore: true }), "* 1 FETCH (UID 7)\r\n");
  });
  test("CONDSTORE alone adds no MODSEQ to a solicited FETCH (as Dovecot)", () => {
    assert.equal(fetch("FLAGS", m, { condstore: true }), "* 1 FETCH (FLAGS ())\r\n");
  });
  test("CHANGEDSINCE implies MODSEQ", () => {
    assert.equal(fetch("FLAGS", m, { uid: true }, 3, "(CHANGEDSINCE 2)"), "* 3 FETCH (UID 7 FLAGS () MODSEQ (40))\r\n");
  });
  test("renderFlags", () => {
    assert.equal(textOf(renderFlags(5, ["\\Seen", "$Junk"], {})), "* 5 FETCH (FLAGS (\\Seen $Junk))\r\n");
    assert.equal(textOf(renderFlags(5, [], { uid: 9, modseq: 77 })), "* 5 FETCH (FLAGS () UID 9 MODSEQ (77))\r\n");
  });
});

describe("renderFetch: misuse is a programming error", () => {
  test("body not loaded", () => {
    const m = mixed();
    assert.throws(() => renderFetch(plan("BODY[]"), { seq: 1, meta: m.meta, summary: null, body: null }, { uid: false, condstore: false }), /needsBody/);
    assert.throws(() => renderFetch(plan("ENVELOPE"), { seq: 1, meta: m.meta, summary: null, body: null }, { uid: false, condstore: false }), /needsSummary/);
  });
});
