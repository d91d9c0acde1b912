import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { renderSearch, savedResult, type SearchModseqs } from "../../../../src/protocols/imap/search/mod.ts";
import { textOf } from "../fetch/build.ts";
import { query } from "./corpus.ts";

const r = (q: string, matched: number[], o: { uid?: boolean; tag?: string } & SearchModseqs = {}) =>
  textOf(renderSearch(query(q), o.tag ?? "a1", matched, { ...o, uid: o.uid ?? false }));

describe("renderSearch: classic", () => {
  test("RFC 3501 example", () => assert.equal(r("FLAGGED SINCE 1-Feb-1994 NOT FROM Smith", [2, 84, 882]), "* SEARCH 2 84 882\r\n"));
  test("no match", () => assert.equal(r("ALL", []), "* SEARCH\r\n"));
  test("MODSEQ (RFC 7162 3.1.5 example); none when nothing matched", () => {
    assert.equal(r("MODSEQ 620162338", [2, 5, 6, 7, 11, 12, 18, 19, 20, 23], { highestModseq: 917162500 }), "* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)\r\n");
    assert.equal(r("MODSEQ 620162338", [], { highestModseq: 1 }), "* SEARCH\r\n");
    assert.equal(r("ALL", [1], { highestModseq: 9 }), "* SEARCH 1\r\n");
  });
});

describe("renderSearch: ESEARCH (RFC 4731 / RFC 9051)", () => {
  test("MIN COUNT, as in RFC 4731", () => assert.equal(r("RETURN (MIN COUNT) FLAGGED", [2, 10, 11], { tag: "A282" }), '* ESEARCH (TAG "A282") MIN 2 COUNT 3\r\n'));
  test("ALL as a compact set", () => assert.equal(r("RETURN (ALL) FLAGGED", [2, 10, 11], { tag: "A283" }), '* ESEARCH (TAG "A283") ALL 2,10:11\r\n'));
  test("UID, MIN MAX", () => assert.equal(r("RETURN (MIN MAX) ALL", [7, 9, 3800], { uid: true, tag: "A285" }), '* ESEARCH (TAG "A285") UID MIN 7 MAX 3800\r\n'));
  test("every option in one order", () => {
    assert.equal(r("RETURN (ALL COUNT MAX MIN) ALL", [2, 3, 4], { uid: true }), '* ESEARCH (TAG "a1") UID MIN 2 MAX 4 COUNT 3 ALL 2:4\r\n');
  });
  test("nothing matched: COUNT 0, no MIN/MAX/ALL", () => {
    assert.equal(r("RETURN (MIN MAX COUNT ALL) ALL", []), '* ESEARCH (TAG "a1") COUNT 0\r\n');
    assert.equal(r("RETURN () ALL", []), '* ESEARCH (TAG "a1")\r\n');
  });
  test("MODSEQ at the end", () => {
    assert.equal(r("RETURN (ALL) MODSEQ 5", [1, 2, 3], { highestModseq: 77 }), '* ESEARCH (TAG "a1") ALL 1:3 MODSEQ 77\r\n');
  });
  test("MODSEQ with MIN and/or MAX alone is that message's, not the highest of all (RFC 7162 3.1.5)", () => {
    const o = { highestModseq: 90, firstModseq: 10, lastModseq: 30 };
    assert.equal(r("RETURN (MIN) MODSEQ 5", [1, 2, 3], o), '* ESEARCH (TAG "a1") MIN 1 MODSEQ 10\r\n');
    assert.equal(r("RETURN (MAX) MODSEQ 5", [1, 2, 3], o), '* ESEARCH (TAG "a1") MAX 3 MODSEQ 30\r\n');
    assert.equal(r("RETURN (MIN MAX) MODSEQ 5", [1, 2, 3], o), '* ESEARCH (TAG "a1") MIN 1 MAX 3 MODSEQ 30\r\n');
    assert.equal(r("RETURN (SAVE MIN) MODSEQ 5", [1, 2, 3], o), '* ESEARCH (TAG "a1") MIN 1 MODSEQ 10\r\n');
    // With ALL or COUNT every match is returned or counted: the highest of all.
    assert.equal(r("RETURN (MIN COUNT) MODSEQ 5", [1, 2, 3], o), '* ESEARCH (TAG "a1") MIN 1 COUNT 3 MODSEQ 90\r\n');
    assert.equal(r("RETURN (MAX ALL) MODSEQ 5", [1, 2, 3], o), '* ESEARCH (TAG "a1") MAX 3 ALL 1:3 MODSEQ 90\r\n');
    assert.equal(r("MODSEQ 5", [1, 2, 3], o), "* SEARCH 1 2 3 (MODSEQ 90)\r\n");
    // No modseq of the message given: the highest, as before.
    assert.equal(r("RETURN (MIN) MODSEQ 5", [1, 2, 3], { highestModseq: 90 }), '* ESEARCH (TAG "a1") MIN 1 MODSEQ 90\r\n');
  });
  test("IMAP4rev2 without RETURN", () => {
    const q = query("ALL", { uid: false, imap4rev2: true });
    assert.equal(textOf(renderSearch(q, "t", [1, 2], { uid: false })), '* ESEARCH (TAG "t") ALL 1:2\r\n');
  });
  test("SAVE alone: no ESEARCH at all (RFC 5182)", () => {
    assert.equal(r("RETURN (SAVE) ALL", [1, 2]), "");
    assert.equal(r("RETURN (SAVE MIN) ALL", [1, 2]), '* ESEARCH (TAG "a1") MIN 1\r\n');
  });
  test("a tag with a character that needs quoting rules still goes as a string", () => {
    assert.equal(r("RETURN (COUNT) ALL", [], { tag: "x]1" }), '* ESEARCH (TAG "x]1") COUNT 0\r\n');
  });
});

describe("savedResult (RFC 5182 2.1)", () => {
  test("no SAVE: null", () => assert.equal(savedResult(query("RETURN (ALL) ALL"), [1]), null));
  test("SAVE / SAVE ALL / SAVE COUNT: every match", () => {
    assert.deepEqual(savedResult(query("RETURN (SAVE) ALL"), [1, 5, 9]), [1, 5, 9]);
    assert.deepEqual(savedResult(query("RETURN (SAVE COUNT MIN) ALL"), [1, 5, 9]), [1, 5, 9]);
  });
  test("SAVE MIN, SAVE MAX, SAVE MIN MAX: only those", () => {
    assert.deepEqual(savedResult(query("RETURN (SAVE MIN) ALL"), [1, 5, 9]), [1]);
    assert.deepEqual(savedResult(query("RETURN (SAVE MAX) ALL"), [1, 5, 9]), [9]);
    assert.deepEqual(savedResult(query("RETURN (SAVE MIN MAX) ALL"), [1, 5, 9]), [1, 9]);
    assert.deepEqual(savedResult(query("RETURN (SAVE MIN MAX) ALL"), [5]), [5]);
    assert.deepEqual(savedResult(query("RETURN (SAVE MIN) ALL"), []), []);
  });
});
