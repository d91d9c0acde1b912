import assert from "node:assert/strict";
import { test } from "node:test";
import { applyFlags, checkFlagOp, MAX_FLAGS, normalizeFlags } from "../../src/store/flags.ts";

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return "no error";
};

test("flags: stored form is system flags first in canonical spelling, then keywords, duplicates dropped ignoring case", () => {
  assert.deepEqual(normalizeFlags(["$Label", "\\seen", "\\Answered", "\\SEEN", "$label", "Junk"]), ["\\Answered", "\\Seen", "$Label", "Junk"]);
  assert.deepEqual(normalizeFlags([]), []);
  // An unknown \Atom is kept as given (RFC 3501 flag-extension).
  assert.deepEqual(normalizeFlags(["\\X-Custom", "\\Draft"]), ["\\Draft", "\\X-Custom"]);
});

test("flags: bad flags, too many flags and bad operations are refused as invalid", () => {
  for (const bad of ["", "two words", "(x)", "a*", "%", "x\\y", "\\", '"q"', "\u0001", "k".repeat(129)]) {
    assert.equal(code(() => normalizeFlags([bad])), "invalid", JSON.stringify(bad));
  }
  assert.equal(code(() => normalizeFlags([1 as unknown as string])), "invalid");
  assert.equal(code(() => normalizeFlags("\\Seen" as unknown as string[])), "invalid");
  assert.equal(code(() => normalizeFlags(Array.from({ length: MAX_FLAGS + 1 }, (_, i) => `k${i}`))), "invalid");
  assert.equal(normalizeFlags(Array.from({ length: MAX_FLAGS }, (_, i) => `k${i}`)).length, MAX_FLAGS);
  assert.equal(code(() => checkFlagOp("set")), "invalid");
});

test("flags: add, remove and replace; null when the set does not change", () => {
  const cur = ["\\Seen", "$A"];
  assert.deepEqual(applyFlags(cur, "add", ["\\Flagged"]), ["\\Flagged", "\\Seen", "$A"]);
  assert.equal(applyFlags(cur, "add", ["\\Seen"]), null);
  assert.equal(applyFlags(cur, "add", ["$a"]), null, "keywords match ignoring case");
  assert.deepEqual(applyFlags(cur, "remove", ["$a"]), ["\\Seen"]);
  assert.equal(applyFlags(cur, "remove", ["\\Deleted"]), null);
  assert.deepEqual(applyFlags(cur, "replace", []), []);
  assert.equal(applyFlags(cur, "replace", ["\\Seen", "$A"]), null);
  assert.deepEqual(applyFlags(["$b", "\\Seen"], "add", ["$a"]), ["\\Seen", "$a", "$b"], "result in stored order even from an unordered row");
});
