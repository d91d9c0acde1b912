import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { topLength } from "../../../src/protocols/pop3/top.ts";

const b = (s: string) => new TextEncoder().encode(s);
const top = (m: string, n: number) => m.slice(0, topLength(b(m), n));

describe("POP3 TOP: header, blank line, n body lines", () => {
  const msg = "Subject: x\r\nFrom: a@b\r\n\r\nline 1\r\nline 2\r\nline 3\r\n";

  test("0 lines is the header and the blank line", () => {
    assert.equal(top(msg, 0), "Subject: x\r\nFrom: a@b\r\n\r\n");
  });

  test("n lines, and n beyond the body is the whole message", () => {
    assert.equal(top(msg, 1), "Subject: x\r\nFrom: a@b\r\n\r\nline 1\r\n");
    assert.equal(top(msg, 3), msg);
    assert.equal(top(msg, 100), msg);
  });

  test("a last line without a line end counts as a line", () => {
    const m = "S: x\r\n\r\na\r\nb";
    assert.equal(top(m, 1), "S: x\r\n\r\na\r\n");
    assert.equal(top(m, 2), m);
  });

  test("no blank line: the whole message is header", () => {
    assert.equal(top("S: x\r\nT: y\r\n", 0), "S: x\r\nT: y\r\n");
    assert.equal(top("", 5), "");
  });

  test("an empty header (the message starts with a blank line), and LF-only mail", () => {
    assert.equal(top("\r\nbody 1\r\nbody 2\r\n", 1), "\r\nbody 1\r\n");
    assert.equal(top("S: x\n\na\nb\n", 1), "S: x\n\na\n");
  });

  test("a header line holding a lone CR is not the blank line", () => {
    assert.equal(top("S: x\r\nT: \r\r\n\r\nbody\r\n", 0), "S: x\r\nT: \r\r\n\r\n");
  });
});
