import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MAX_SEARCH_DEPTH, parseSearch } from "../../../../src/protocols/imap/search/mod.ts";
import { toks } from "../fetch/tokens.ts";
import { query } from "./corpus.ts";

const REV1 = { uid: false, imap4rev2: false };
function refused(text: string, o = REV1) {
  const r = parseSearch(toks(text), o);
  assert.equal(r.ok, false, `${text} should be refused`);
  return r as { ok: false; code?: string; message: string };
}

describe("parseSearch: RETURN and CHARSET", () => {
  test("no RETURN: classic SEARCH answer", () => assert.equal(query("ALL").returns, null));
  test("RETURN (MIN COUNT)", () => assert.deepEqual(query("RETURN (MIN COUNT) ALL").returns, { min: true, max: false, all: false, count: true, save: false }));
  test("RETURN () means ALL (RFC 4731)", () => assert.deepEqual(query("RETURN () ALL").returns, { min: false, max: false, all: true, count: false, save: false }));
  test("every option, any case", () => {
    assert.deepEqual(query("return (min MAX all Count save) 1:*").returns, { min: true, max: true, all: true, count: true, save: true });
  });
  test("IMAP4rev2 answers with ESEARCH: no RETURN means RETURN (ALL)", () => {
    assert.deepEqual(query("ALL", { uid: false, imap4rev2: true }).returns, { min: false, max: false, all: true, count: false, save: false });
    assert.deepEqual(query("RETURN (COUNT) ALL", { uid: true, imap4rev2: true }).returns, { min: false, max: false, all: false, count: true, save: false });
  });
  test("CHARSET UTF-8 and US-ASCII, any case; RETURN before CHARSET", () => {
    for (const c of ["UTF-8", "utf-8", "US-ASCII", '"us-ascii"']) assert.equal(parseSearch(toks(`CHARSET ${c} SUBJECT x`), REV1).ok, true, c);
    assert.equal(parseSearch(toks("RETURN (ALL) CHARSET UTF-8 SUBJECT x"), REV1).ok, true);
  });
  test("other charsets: NO [BADCHARSET]", () => {
    const r = refused("CHARSET ISO-8859-1 SUBJECT x");
    assert.equal(r.code, "BADCHARSET");
    assert.match(r.message, /ISO-8859-1/);
  });
  test("strings are UTF-8: a string in another encoding is refused", () => {
    const r = parseSearch([{ kind: "atom", value: "SUBJECT" }, { kind: "string", value: Uint8Array.of(0x47, 0x72, 0xfc, 0xdf), literal: true }], REV1);
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /not valid UTF-8/);
  });
  test("a literal needle", () => {
    const q = query("SUBJECT {lit:Grüße}");
    assert.deepEqual(q.key, { k: "envelope", field: "subject", needle: "grüsse" });
  });
});

describe("parseSearch: the key tree", () => {
  test("implicit AND at the top and in parentheses", () => {
    assert.deepEqual(query("SEEN (FLAGGED DRAFT)").key, {
      k: "and",
      keys: [{ k: "flag", flag: "\\Seen", set: true }, { k: "and", keys: [{ k: "flag", flag: "\\Flagged", set: true }, { k: "flag", flag: "\\Draft", set: true }] }],
    });
  });
  test("OR and NOT take the following keys", () => {
    assert.deepEqual(query("OR NOT SEEN UID 5 LARGER 10").key, {
      k: "and",
      keys: [{ k: "or", a: { k: "not", key: { k: "flag", flag: "\\Seen", set: true } }, b: { k: "uid", set: { ranges: [[5, 5]] } } }, { k: "size", larger: true, n: 10 }],
    });
  });
  test("MODSEQ marks the query (CONDSTORE adds (MODSEQ n) to the answer)", () => {
    assert.equal(query("MODSEQ 5").usesModseq, true);
    assert.equal(query("NOT (MODSEQ 5)").usesModseq, true);
    assert.equal(query("SEEN").usesModseq, false);
  });
  test(`nesting up to ${MAX_SEARCH_DEPTH} levels`, () => {
    assert.equal(parseSearch(toks("NOT ".repeat(MAX_SEARCH_DEPTH - 1) + "SEEN"), REV1).ok, true);
    assert.match(refused("NOT ".repeat(MAX_SEARCH_DEPTH) + "SEEN").message, /nested deeper/);
    assert.match(refused("(".repeat(MAX_SEARCH_DEPTH) + "SEEN" + ")".repeat(MAX_SEARCH_DEPTH)).message, /nested deeper/);
    assert.match(refused("OR ".repeat(MAX_SEARCH_DEPTH) + "SEEN ".repeat(MAX_SEARCH_DEPTH + 1)).message, /nested deeper/);
  });
  test("a long flat list is not nesting", () => {
    assert.equal(parseSearch(toks("SEEN ".repeat(5000)), REV1).ok, true);
  });
});

describe("parseSearch: errors say what is wrong", () => {
  const bad: [string, RegExp][] = [
    ["", /at least one search key/],
    ["RETURN (ALL)", /at least one search key/],
    ["CHARSET UTF-8", /at least one search key/],
    ["CHARSET", /charset name/],
    ["RETURN ALL", /list of result options/],
    ["RETURN (PARTIAL 1:10) ALL", /unknown RETURN option PARTIAL/],
    ["RETURN ((MIN)) ALL", /atoms/],
    ["FOO", /unknown search key FOO/],
    ["BODY", /BODY needs an argument/],
    ["SUBJECT (x)", /SUBJECT needs a string/],
    ["SINCE", /SINCE needs an argument/],
    ["SINCE 2024-01-01", /SINCE needs a date/],
    ["ON 31-Feb-2024", /ON needs a date/],
    ["BEFORE 1-Foo-2024", /BEFORE needs a date/],
    ["SENTON {lit:1-Jan-2024}", /SENTON needs a date/],
    ["LARGER x", /LARGER needs a number/],
    ["SMALLER -1", /SMALLER needs a number/],
    ["LARGER 99999999999999999999", /LARGER needs a number/],
    ["OLDER 0", /OLDER needs a positive number/],
    ["UID", /UID needs an argument/],
    ["UID x", /bad sequence set x/],
    ['UID "1"', /UID needs a sequence set/],
    ["1:", /bad sequence set 1:/],
    ["0", /bad sequence set 0/],
    ["$,1", /bad sequence set/],
    ["KEYWORD", /KEYWORD needs an argument/],
    ["KEYWORD \\Seen", /flag keyword/],
    ['KEYWORD "a b"', /flag keyword/],
    ["HEADER", /HEADER needs an argument/],
    ["HEADER Subject", /HEADER field-name needs an argument/],
    ['HEADER "a b" x', /bad header field name/],
    ["MODSEQ", /MODSEQ needs an argument/],
    ["MODSEQ x", /mod-sequence number/],
    ['MODSEQ "/flags/\\\\Seen" 5', /entry type/],
    ['MODSEQ "/flags/\\\\Seen" bogus 5', /entry type/],
    ['MODSEQ "/x/y" all 5', /entry name/],
    ["NOT", /NOT needs a search key/],
    ["OR SEEN", /OR needs two search keys/],
    ["OR", /OR needs two search keys/],
    ["()", /empty parenthesised/],
    ["BODY[] x", /expected a search key/],
  ];
  for (const [text, re] of bad) test(`refuses ${JSON.stringify(text)}`, () => assert.match(refused(text).message, re));
});
