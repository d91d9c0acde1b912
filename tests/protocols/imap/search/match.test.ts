import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { matches } from "../../../../src/protocols/imap/search/mod.ts";
import { message } from "../fetch/build.ts";
import { CORPUS, CTX, query, search } from "./corpus.ts";

/** [criteria, matching sequence numbers] — every key both matched and not matched. */
const CASES: [string, number[]][] = [
  ["ALL", [1, 2, 3]],
  ["ANSWERED", [1]], ["UNANSWERED", [2, 3]],
  ["DELETED", [2]], ["UNDELETED", [1, 3]],
  ["DRAFT", [2]], ["UNDRAFT", [1, 3]],
  ["FLAGGED", [2]], ["UNFLAGGED", [1, 3]],
  ["SEEN", [1]], ["UNSEEN", [2, 3]],
  ["RECENT", [2]], ["OLD", [1, 3]], ["NEW", [2]],
  ["KEYWORD $Work", [1]], ["keyword $WORK", [1]], ["KEYWORD $Other", []], ["UNKEYWORD $Work", [2, 3]],
  ["LARGER 100", [2, 3]], ["LARGER 99", [1, 2, 3]], ["SMALLER 2000", [1]], ["SMALLER 2001", [1, 2]], ["LARGER 50000", []],
  // Internal dates: 1 = 2024-03-05T23:59:59Z, 2 = 2024-03-06T00:00:00Z, 3 = 2023-12-31T12:00:00Z.
  ["BEFORE 6-Mar-2024", [1, 3]], ["ON 6-Mar-2024", [2]], ["ON 5-Mar-2024", [1]], ["SINCE 6-Mar-2024", [2]],
  ["SINCE 1-Jan-2024", [1, 2]], ['ON "31-Dec-2023"', [3]], ["BEFORE 31-Dec-2023", []], ["SINCE 01-jan-1970", [1, 2, 3]],
  // Sent dates: the Date header's own day (1: 5 Mar -0800, which is 6 Mar in UTC; 3: 31 Dec +0100);
  // 2 has no Date header and falls back to its internal date (6 Mar).
  ["SENTON 5-Mar-2024", [1]], ["SENTON 6-Mar-2024", [2]], ["SENTBEFORE 5-Mar-2024", [3]], ["SENTSINCE 5-Mar-2024", [1, 2]],
  ["SENTON 31-Dec-2023", [3]], ["SENTBEFORE 1-Jan-1990", []],
  // Envelope fields, decoded and case-folded.
  ["FROM juergen", [1]], ['FROM "Jürgen"', [1]], ['FROM "JÜRGEN <juergen@"', [1]], ["FROM bob", [2]], ["FROM example", [1, 2, 3]], ["FROM nobody", []],
  ["TO alice", [1]], ['TO "bob@example.org"', [1]], ["TO undisclosed", [3]], ["TO carol", []],
  ["CC carol", [1]], ["CC alice", []], ["BCC dave", [1]], ["BCC carol", []],
  ['SUBJECT "grüße aus berlin"', [1]], ['SUBJECT "GRÜSSE"', [1]], ["SUBJECT meeting", [2]], ["SUBJECT nested", []], ['SUBJECT ""', [1, 2, 3]],
  // Any header, decoded; "" means "has the field".
  ["HEADER X-Mailer wren", [1]], ['HEADER x-mailer ""', [1]], ['HEADER X-None ""', []], ['HEADER Subject "aus berlin"', [1]],
  ['HEADER subject "grüße"', [1]], ["HEADER Content-Type mixed", [3]], ["HEADER To juergen", []],
  // Body text: transfer encoding and charset undone, HTML tags and styles dropped, nested messages included.
  ['BODY "schöne straße"', [1]], ["BODY STRASSE", [1]], ['BODY "world & more <3"', [2]], ["BODY <b>", []], ["BODY color", []],
  ['BODY "inner needle"', [3]], ['BODY "nested secret"', [3]], ["BODY berlin", []], ["BODY %PDF", []], ["BODY Sch=F6ne", []],
  ["TEXT berlin", [1]], ['TEXT "x-mailer: wren"', [1]], ["TEXT hello", [2]], ["TEXT nothing-here", []],
  // Sequence and UID sets, and $ (the saved UIDs 20, 30).
  ["2", [2]], ["2:3", [2, 3]], ["*", [3]], ["1,3", [1, 3]], ["3:1", [1, 2, 3]], ["4:*", [3]], ["$", [2, 3]],
  ["UID 20", [2]], ["UID 15:25", [2]], ["UID 25:*", [3]], ["UID *", [3]], ["UID 31:*", [3]], ["UID $", [2, 3]], ["UID 1:9", []],
  // MODSEQ (RFC 7162), with and without an entry.
  ["MODSEQ 9", [2, 3]], ["MODSEQ 13", []], ['MODSEQ "/flags/\\\\draft" all 10', [3]], ['MODSEQ "/flags/$Work" priv 0', [1, 2, 3]],
  // WITHIN (RFC 5032): now is 2024-03-06T00:00:10Z; 1 is 11 s old, 2 is 10 s old.
  // OLDER is strictly older, in whole seconds; YOUNGER is the rest.
  ["OLDER 60", [3]], ["YOUNGER 60", [1, 2]], ["OLDER 11", [3]], ["YOUNGER 11", [1, 2]], ["OLDER 10", [1, 3]], ["YOUNGER 10", [2]],
  // NOT, OR, groups, implicit AND.
  ["NOT SEEN", [2, 3]], ["NOT NOT SEEN", [1]], ["OR SEEN FLAGGED", [1, 2]], ["OR (SEEN ANSWERED) DRAFT", [1, 2]],
  ["NOT (OR SEEN DRAFT)", [3]], ["(SEEN) FLAGGED", []], ["SEEN ANSWERED", [1]], ["OR OR SEEN DRAFT 3", [1, 2, 3]],
  ["UNSEEN BODY needle", [3]], ["NOT BODY needle", [1, 2]], ["OR FROM bob BODY needle", [2, 3]], ["(((((SEEN)))))", [1]],
];

describe("matches: every key, matched and not", () => {
  for (const [criteria, want] of CASES) test(criteria, () => assert.deepEqual(search(criteria), want));
});

describe("matches: context", () => {
  test("$ with nothing saved is empty", () => {
    assert.deepEqual(search("$", { saved: null }), []);
    assert.deepEqual(search("UID $", { saved: [] }), []);
    assert.deepEqual(search("NOT $", { saved: null }), [1, 2, 3]);
  });
  test("OLDER/YOUNGER count whole seconds: 10.9 s old is 10 s old", () => {
    const later = new Date(CTX.now.getTime() + 900);
    assert.deepEqual(search("OLDER 10", { now: later }), [1, 3]);
    assert.deepEqual(search("YOUNGER 10", { now: later }), [2]);
    assert.deepEqual(search("YOUNGER 10", { now: new Date(CTX.now.getTime() + 1000) }), []);
  });
  test("* follows maxSeq / maxUid", () => {
    assert.deepEqual(search("*", { maxSeq: 2 }), [2]);
    assert.deepEqual(search("UID *", { maxUid: 20 }), [2]);
  });
});

describe("matches: what a query loads", () => {
  const needs = (q: string) => {
    const r = query(q);
    return [r.needsSummary, r.needsBody];
  };
  test("flags, sets, sizes, internal dates and MODSEQ need neither summary nor body", () => {
    for (const q of ["ALL", "SEEN", "KEYWORD x", "1:*", "UID 1", "$", "LARGER 1", "BEFORE 1-Jan-2000", "MODSEQ 1", "OLDER 5", "NOT OR SEEN DRAFT"]) {
      assert.deepEqual(needs(q), [false, false], q);
    }
  });
  test("envelope keys and sent dates need the summary only", () => {
    for (const q of ["FROM a", "TO a", "CC a", "BCC a", "SUBJECT a", "SENTON 1-Jan-2000", "NOT (SEEN FROM a)"]) assert.deepEqual(needs(q), [true, false], q);
  });
  test("HEADER, BODY and TEXT need the bytes", () => {
    for (const q of ["HEADER a b", "BODY a", "TEXT a", "OR SEEN BODY a"]) assert.deepEqual(needs(q), [true, true], q);
  });
  test("cheap keys run first: a body key is not reached when a flag key already failed", () => {
    // The body is passed as null: reaching the body key would throw.
    const q = query("BODY needle SEEN");
    const m = CORPUS[2];
    assert.equal(matches(q, { seq: 3, meta: m.meta, summary: m.summary, body: null }, CTX), false);
    assert.throws(() => matches(query("BODY needle UNSEEN"), { seq: 3, meta: m.meta, summary: m.summary, body: null }, CTX), /needsBody/);
  });
  test("a message without a summary is still searched by HEADER (header found by its blank line)", () => {
    const m = message({ header: "X-Tag: blue\r\n\r\n", leaf: "body text\r\n" });
    assert.equal(matches(query("HEADER X-Tag blue"), { seq: 1, meta: m.meta, summary: null, body: m.body }, CTX), true);
    assert.equal(matches(query("HEADER X-Tag red"), { seq: 1, meta: m.meta, summary: null, body: m.body }, CTX), false);
  });
});
