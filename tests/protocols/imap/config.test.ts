import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, DEFAULT_IMAP_LIMITS, parseConfig, validateConfig } from "../../../src/config/mod.ts";

describe("config: imap:", () => {
  test("absent means every default", () => {
    assert.deepEqual(validateConfig({}).imap, DEFAULT_IMAP_LIMITS);
    assert.deepEqual(DEFAULT_IMAP_LIMITS, {
      allowPlaintextAuth: false,
      maxLineLength: 65536,
      maxLiteralSize: 26214400,
      maxAuthFailures: 3,
      authFailureDelayMs: 1000,
      maxErrors: 20,
      maxCommandsBeforeAuth: 50,
    });
  });

  test("given keys replace the defaults, the rest stay", () => {
    const c = parseConfig("imap:\n  maxErrors: 5\n  maxCommandsBeforeAuth: 10\n");
    assert.deepEqual(c.imap, { ...DEFAULT_IMAP_LIMITS, maxErrors: 5, maxCommandsBeforeAuth: 10 });
  });

  test("bad values name the key and the expectation", () => {
    const cases: [string, RegExp][] = [
      ["imap: { maxErrors: 0 }", /imap\.maxErrors: expected an integer 1-10000, got 0/],
      ["imap: { maxErrors: 20.5 }", /imap\.maxErrors: expected an integer 1-10000/],
      ["imap: { maxCommandsBeforeAuth: 0 }", /imap\.maxCommandsBeforeAuth: expected an integer 1-100000, got 0/],
      ["imap: { maxCommandsBeforeAuth: many }", /imap\.maxCommandsBeforeAuth: expected an integer 1-100000/],
      ["imap: { maxError: 5 }", /imap\.maxError: unknown key; did you mean "maxErrors"\?/],
    ];
    for (const [yaml, want] of cases) assert.throws(() => parseConfig(yaml), (e: unknown) => e instanceof ConfigError && want.test(e.message), yaml);
  });
});
