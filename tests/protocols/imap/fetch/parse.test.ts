import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type FetchPlan, parseFetch } from "../../../../src/protocols/imap/fetch/mod.ts";
import { tok } from "./tokens.ts";

function plan(att: string, mods?: string, o = { uid: false, qresync: false }): FetchPlan {
  const r = parseFetch(tok(att), mods ? tok(mods) : undefined, o);
  if (!r.ok) assert.fail(`${att}: ${r.message}`);
  return r.plan;
}
const labels = (att: string) => plan(att).items.map((i) => i.label);
function refused(att: string, mods?: string, o = { uid: false, qresync: false }): string {
  const r = parseFetch(tok(att), mods ? tok(mods) : undefined, o);
  assert.equal(r.ok, false, `${att} ${mods ?? ""} should be refused`);
  return (r as { message: string }).message;
}

describe("parseFetch: items and labels", () => {
  test("macros", () => {
    assert.deepEqual(labels("ALL"), ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"]);
    assert.deepEqual(labels("fast"), ["FLAGS", "INTERNALDATE", "RFC822.SIZE"]);
    assert.deepEqual(labels("Full"), ["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"]);
  });
  test("single items, any case", () => {
    for (const [att, label] of [["flags", "FLAGS"], ["UID", "UID"], ["internaldate", "INTERNALDATE"], ["rfc822.size", "RFC822.SIZE"],
      ["envelope", "ENVELOPE"], ["body", "BODY"], ["BodyStructure", "BODYSTRUCTURE"], ["modseq", "MODSEQ"], ["rfc822", "RFC822"],
      ["rfc822.header", "RFC822.HEADER"], ["rfc822.text", "RFC822.TEXT"]]) {
      assert.deepEqual(labels(att), [label], att);
    }
  });
  test("sections name themselves as the response will", () => {
    assert.deepEqual(
      labels("(body[] BODY.PEEK[header] body[1.2.mime] BODY[3.text]<10.20> body.peek[header.fields (From to \"X-Y\")] BODY[2.HEADER.FIELDS.NOT (Subject)])"),
      ["BODY[]", "BODY[HEADER]", "BODY[1.2.MIME]", "BODY[3.TEXT]<10>", "BODY[HEADER.FIELDS (FROM TO X-Y)]", "BODY[2.HEADER.FIELDS.NOT (SUBJECT)]"],
    );
    assert.deepEqual(labels("(binary[] BINARY.PEEK[1.2]<0.5> binary.size[1] BINARY.SIZE[])"), ["BINARY[]", "BINARY[1.2]<0>", "BINARY.SIZE[1]", "BINARY.SIZE[]"]);
  });
  test("a field name that is not an atom is quoted in the label", () => {
    assert.deepEqual(labels('BODY[HEADER.FIELDS ("a{b")]'), ['BODY[HEADER.FIELDS ("A{B")]']);
  });
  test("duplicates answered once; BODY[] and BODY.PEEK[] are one response", () => {
    assert.deepEqual(labels("(FLAGS flags UID BODY.PEEK[] BODY[])"), ["FLAGS", "UID", "BODY[]"]);
    assert.equal(plan("(BODY.PEEK[] BODY[])").setsSeen, true);
  });
});

describe("parseFetch: what each plan needs", () => {
  const cases: [string, { needsBody: boolean; needsSummary: boolean; setsSeen: boolean; wantsModseq: boolean }][] = [
    ["FAST", { needsBody: false, needsSummary: false, setsSeen: false, wantsModseq: false }],
    ["ALL", { needsBody: false, needsSummary: true, setsSeen: false, wantsModseq: false }],
    ["(UID FLAGS MODSEQ)", { needsBody: false, needsSummary: false, setsSeen: false, wantsModseq: true }],
    ["BODY", { needsBody: false, needsSummary: true, setsSeen: false, wantsModseq: false }],
    ["BODYSTRUCTURE", { needsBody: false, needsSummary: true, setsSeen: false, wantsModseq: false }],
    ["BODY[]", { needsBody: true, needsSummary: false, setsSeen: true, wantsModseq: false }],
    ["BODY.PEEK[]", { needsBody: true, needsSummary: false, setsSeen: false, wantsModseq: false }],
    ["BODY.PEEK[HEADER]", { needsBody: true, needsSummary: true, setsSeen: false, wantsModseq: false }],
    ["BODY[1]", { needsBody: true, needsSummary: true, setsSeen: true, wantsModseq: false }],
    ["RFC822", { needsBody: true, needsSummary: false, setsSeen: true, wantsModseq: false }],
    ["RFC822.HEADER", { needsBody: true, needsSummary: true, setsSeen: false, wantsModseq: false }],
    ["RFC822.TEXT", { needsBody: true, needsSummary: true, setsSeen: true, wantsModseq: false }],
    ["RFC822.SIZE", { needsBody: false, needsSummary: false, setsSeen: false, wantsModseq: false }],
    ["BINARY[]", { needsBody: true, needsSummary: false, setsSeen: true, wantsModseq: false }],
    ["BINARY.PEEK[1]", { needsBody: true, needsSummary: true, setsSeen: false, wantsModseq: false }],
    ["BINARY.SIZE[]", { needsBody: false, needsSummary: false, setsSeen: false, wantsModseq: false }],
    ["BINARY.SIZE[2]", { needsBody: true, needsSummary: true, setsSeen: false, wantsModseq: false }],
  ];
  for (const [att, want] of cases) {
    test(att, () => {
      const p = plan(att);
      assert.deepEqual({ needsBody: p.needsBody, needsSummary: p.needsSummary, setsSeen: p.setsSeen, wantsModseq: p.wantsModseq }, want);
    });
  }
});

describe("parseFetch: modifiers", () => {
  test("CHANGEDSINCE implies MODSEQ", () => {
    const p = plan("FLAGS", "(CHANGEDSINCE 12345)");
    assert.equal(p.changedSince, 12345);
    assert.equal(p.wantsModseq, true);
    assert.equal(p.vanished, false);
  });
  test("VANISHED with UID FETCH, QRESYNC and CHANGEDSINCE", () => {
    const p = plan("FLAGS", "(CHANGEDSINCE 5 VANISHED)", { uid: true, qresync: true });
    assert.equal(p.vanished, true);
    assert.match(refused("FLAGS", "(CHANGEDSINCE 5 VANISHED)", { uid: false, qresync: true }), /UID FETCH/);
    assert.match(refused("FLAGS", "(CHANGEDSINCE 5 VANISHED)", { uid: true, qresync: false }), /QRESYNC/);
    assert.match(refused("FLAGS", "(VANISHED)", { uid: true, qresync: true }), /CHANGEDSINCE/);
  });
  const bad: [string, RegExp][] = [
    ["()", /non-empty/],
    ["(CHANGEDSINCE)", /mod-sequence/],
    ["(CHANGEDSINCE x)", /mod-sequence/],
    ["(CHANGEDSINCE -1)", /mod-sequence/],
    ["(CHANGEDSINCE 99999999999999999999)", /mod-sequence/],
    ["(CHANGEDSINCE 1 CHANGEDSINCE 2)", /twice/],
    ["(FOO 1)", /unknown fetch modifier FOO/],
    ["CHANGEDSINCE", /list/],
  ];
  for (const [mods, re] of bad) test(`refuses ${mods}`, () => assert.match(refused("FLAGS", mods), re));
});

describe("parseFetch: errors say what is wrong", () => {
  const bad: [string, RegExp][] = [
    ["()", /empty list/],
    ["(FLAGS ALL)", /macro ALL cannot be inside a list/],
    ["FOO", /unknown fetch item FOO/],
    ["(FLAGS BODYSTRUCTURE[])", /takes no \[section\]/],
    ["RFC822[]", /takes no \[section\]/],
    ["BODY.PEEK", /needs a \[section\]/],
    ["BINARY", /needs a \[section\]/],
    ["BODY[0]", /bad part number 0/],
    ["BODY[01]", /bad part number 01/],
    ["BODY[1.]", /bad section/],
    ["BODY[MIME]", /MIME needs a part number/],
    ["BODY[FOO]", /bad section text FOO/],
    ["BODY[1.FOO]", /bad section text 1.FOO/],
    ["BODY[HEADER.FIELDS]", /needs one list/],
    ["BODY[HEADER.FIELDS ()]", /needs one list/],
    ["BODY[HEADER.FIELDS (a:b)]", /bad header field name/],
    ["BODY[HEADER X]", /no further arguments/],
    ["BODY[]<0>", /bad partial/],
    ["BODY[]<0.0>", /bad partial/],
    ["BODY[]<a.1>", /bad partial/],
    ["BODY[]<4294967296.1>", /out of range/],
    ["BINARY[HEADER]", /only part numbers/],
    ["BINARY.SIZE[1]<0.1>", /no partial/],
    ['"FLAGS"', /fetch item name/],
  ];
  for (const [att, re] of bad) test(`refuses ${att}`, () => assert.match(refused(att), re));
  test("a huge literal as a field name is refused, not spread onto the stack", () => {
    const r = parseFetch({ kind: "atom", value: "BODY", section: [{ kind: "atom", value: "HEADER.FIELDS" }, { kind: "list", items: [{ kind: "string", value: new Uint8Array(1_000_000).fill(0x41), literal: true }] }] });
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /too long/);
  });
  test("atoms with 8-bit bytes are shown escaped", () => {
    assert.match(refused("FL\u0001AGS"), /unknown fetch item "FL\\u0001AGS"/);
  });
});
