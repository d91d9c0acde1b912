import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMutf7, encodeMutf7 } from "../../../src/protocols/imap/mutf7.ts";

test("modified UTF-7: RFC 3501 examples, & escaping, astral characters, round trips", () => {
  const cases: [string, string][] = [
    ["INBOX", "INBOX"],
    ["Tom & Jerry", "Tom &- Jerry"],
    ["Été", "&AMk-t&AOk-"],
    ["~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"],
    ["😀", "&2D3eAA-"],
    ["a\u00e9b\u00e9", "a&AOk-b&AOk-"],
  ];
  for (const [name, wire] of cases) {
    assert.equal(encodeMutf7(name), wire);
    assert.equal(decodeMutf7(wire), name);
  }
  for (const s of ["", "plain", "Ünïcødé/Ordner", "Ελληνικά & more", "中文 😀 end"]) assert.equal(decodeMutf7(encodeMutf7(s)), s);
});

test("modified UTF-7: invalid input is refused", () => {
  for (const bad of ["&", "&AMk", "&AM!-", "&AGEAYgBj-", "&2D0-", "\u00e9", "a\tb", "&AOkA-"]) assert.equal(decodeMutf7(bad), null, bad);
});
