// ENVELOPE (RFC 3501 7.4.2): address lists with RFC 5322's examples and obsolete forms, groups,
// raw values, Sender/Reply-To defaulting to From.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseAddressList } from "../../src/mime/address.ts";
import { summarize } from "../../src/mime/summarize.ts";
import type { EnvelopeAddress } from "../../src/mime/types.ts";
import { bytesOf, msg } from "./helpers.ts";

const A = (name: string | null, mailbox: string | null, host: string | null, adl: string | null = null): EnvelopeAddress => ({ name, adl, mailbox, host });
const START = (group: string) => A(null, group, null);
const END = A(null, null, null);

test("RFC 5322 A.1.2: names, plain addresses, quoted names with specials", () => {
  assert.deepEqual(parseAddressList("Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>"), [
    A("Mary Smith", "mary", "x.test"),
    A(null, "jdoe", "example.org"),
    A("Who?", "one", "y.test"),
  ]);
  assert.deepEqual(parseAddressList('<boss@nil.test>, "Giant; \\"Big\\" Box" <sysservices@example.net>'), [
    A(null, "boss", "nil.test"),
    A('Giant; "Big" Box', "sysservices", "example.net"),
  ]);
  assert.deepEqual(parseAddressList('"Joe Q. Public" <john.q.public@example.com>'), [A("Joe Q. Public", "john.q.public", "example.com")]);
});

test("RFC 5322 A.1.3 groups: start marker, members, end marker; an empty group", () => {
  assert.deepEqual(parseAddressList("A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;"), [
    START("A Group"),
    A("Ed Jones", "c", "a.test"),
    A(null, "joe", "where.test"),
    A("John", "jdoe", "one.test"),
    END,
  ]);
  assert.deepEqual(parseAddressList("Undisclosed recipients:;"), [START("Undisclosed recipients"), END]);
  assert.deepEqual(parseAddressList("a@b, G: c@d; , e@f"), [A(null, "a", "b"), START("G"), A(null, "c", "d"), END, A(null, "e", "f")]);
  assert.deepEqual(parseAddressList("G: c@d"), [START("G"), A(null, "c", "d"), END], "an unclosed group ends with the list");
});

test("RFC 5322 A.5 comments: a comment stands in for a missing name; nested comments", () => {
  assert.deepEqual(parseAddressList("Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>"), [A("Pete", "pete", "silly.test")]);
  assert.deepEqual(parseAddressList("jdoe@example.org (John Doe)"), [A("John Doe", "jdoe", "example.org")]);
  assert.deepEqual(parseAddressList("(comment) plain@host (trailing (nested) one)"), [A("trailing (nested) one", "plain", "host")]);
  assert.deepEqual(parseAddressList("<a@b> (Name)"), [A("Name", "a", "b")]);
});

test("obsolete route: adl as written; a route outside <> does not stop the list", () => {
  assert.deepEqual(parseAddressList("Mary <@route1,@route2:mary@x.test>"), [A("Mary", "mary", "x.test", "@route1,@route2")]);
  assert.deepEqual(parseAddressList("@a.b:c@d, <e@f>, g h <i@j>"), [A(null, "c", "d", "@a.b"), A(null, "e", "f"), A("g h", "i", "j")]);
});

test("raw values: encoded words stay encoded; quoted local parts keep their quotes; domain literals", () => {
  assert.deepEqual(parseAddressList("=?utf-8?q?J=C3=B6rg?= <j@x>"), [A("=?utf-8?q?J=C3=B6rg?=", "j", "x")]);
  assert.deepEqual(parseAddressList('"c d"@e, "a\\"b"@c'), [A(null, '"c d"', "e"), A(null, '"a\\"b"', "c")]);
  assert.deepEqual(parseAddressList("user@[192.0.2.1]"), [A(null, "user", "[192.0.2.1]")]);
});

test("a missing host is \"\" (NIL would mean a group); <> is an empty mailbox", () => {
  assert.deepEqual(parseAddressList("bob"), [A(null, "bob", "")]);
  assert.deepEqual(parseAddressList("bob (Bob Smith), x@"), [A("Bob Smith", "bob", ""), A(null, "x", "")]);
  assert.deepEqual(parseAddressList('"" <>'), [A(null, "", "")]);
  assert.deepEqual(parseAddressList("Name <local>"), [A("Name", "local", "")]);
});

test("malformed lists never throw: unclosed quote, comment, angle; stray specials; empty members", () => {
  assert.deepEqual(parseAddressList('"unclosed <a@b>'), [A(null, '"unclosed <a@b>', "")]);
  assert.deepEqual(parseAddressList("(unclosed a@b"), []);
  assert.deepEqual(parseAddressList("Name <a@b"), [A("Name", "a", "b")]);
  assert.deepEqual(parseAddressList(",, a@b ,,"), [A(null, "a", "b")]);
  assert.deepEqual(parseAddressList("> a@b"), [A(null, "a", "b")]);
  assert.deepEqual(parseAddressList(""), []);
  // Stray specials are skipped one by one: this used to loop forever.
  assert.deepEqual(parseAddressList(";;;:::<<<>>>@@@"), [START(""), A(null, "", ""), END]);
  assert.deepEqual(parseAddressList("G: a@b;; x@y"), [START("G"), A(null, "a", "b"), END, A(null, "x", "y")]);
});

test("ENVELOPE fields: raw, unfolded, trimmed; the first of a repeated field; absent is null", () => {
  const e = summarize(msg(`Date:  Mon, 1 Jan 2024 00:00:00 +0000
Subject:  =?utf-8?q?caf=C3=A9?=   and
  more
Subject: second
Message-ID: <id@x> (comment kept)
In-Reply-To: <a@b>
 <c@d>
From: a@b

`)).envelope;
  assert.equal(e.date, "Mon, 1 Jan 2024 00:00:00 +0000");
  assert.equal(e.subject, "=?utf-8?q?caf=C3=A9?=   and  more");
  assert.equal(e.messageId, "<id@x> (comment kept)");
  assert.equal(e.inReplyTo, "<a@b> <c@d>");
  assert.deepEqual([e.to, e.cc, e.bcc], [null, null, null]);
  const empty = summarize(msg("Subject:\nDate:  \n\n")).envelope;
  assert.deepEqual([empty.subject, empty.date], ["", ""], "present but empty is the empty string");
});

test("Sender and Reply-To default to From when absent or empty (RFC 3501); empty address fields are NIL", () => {
  const e = summarize(msg("From: A <a@b>\nReply-To:\nBcc:  \nTo: undisclosed-recipients:;\n\n")).envelope;
  assert.deepEqual(e.from, [A("A", "a", "b")]);
  assert.deepEqual(e.sender, e.from);
  assert.deepEqual(e.replyTo, e.from);
  assert.equal(e.bcc, null);
  assert.deepEqual(e.to, [START("undisclosed-recipients"), END]);
  const own = summarize(msg("From: a@b\nSender: s@b\nReply-To: r@b\n\n")).envelope;
  assert.deepEqual([own.sender, own.replyTo], [[A(null, "s", "b")], [A(null, "r", "b")]]);
  const none = summarize(msg("Subject: x\n\n")).envelope;
  assert.deepEqual([none.from, none.sender, none.replyTo], [null, null, null]);
});

test("8-bit names: UTF-8 (RFC 6532) decoded, other bytes one char each", () => {
  assert.deepEqual(summarize(new TextEncoder().encode("From: Jörg <jörg@bücher.example>\r\n\r\n")).envelope.from, [A("Jörg", "jörg", "bücher.example")]);
  assert.deepEqual(summarize(bytesOf("From: J\xf6rg <j@x>\r\n\r\n")).envelope.from, [A("Jörg", "j", "x")]);
});
