import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, DEFAULT_SMTP_LIMITS, dumpConfig, parseConfig, validateConfig } from "../../../src/config/mod.ts";

describe("config: smtp:", () => {
  test("absent means every default", () => {
    assert.deepEqual(validateConfig({}).smtp, DEFAULT_SMTP_LIMITS);
    assert.deepEqual(parseConfig("smtp:\n").smtp, DEFAULT_SMTP_LIMITS);
    assert.deepEqual(DEFAULT_SMTP_LIMITS, {
      maxMessageSize: 26214400,
      maxRecipients: 100,
      maxLineLength: 2048,
      maxErrors: 10,
      maxCommandsBeforeMail: 100,
      maxAuthFailures: 3,
      authFailureDelayMs: 1000,
      allowPlaintextAuth: false,
      vrfy: false,
      bareLineEndings: "reject",
      postmaster: "",
    });
  });

  test("given keys replace the defaults, the rest stay", () => {
    const c = parseConfig("smtp:\n  maxMessageSize: 10485760\n  vrfy: true\n  bareLineEndings: normalize\n");
    assert.deepEqual(c.smtp, { ...DEFAULT_SMTP_LIMITS, maxMessageSize: 10485760, vrfy: true, bareLineEndings: "normalize" });
  });

  test("bad values name the key and the expectation", () => {
    const cases: [string, RegExp][] = [
      ["smtp: { maxMessageSize: 10 }", /smtp\.maxMessageSize: expected a size in bytes 1024-2147483647, got 10/],
      ["smtp: { maxLineLength: 100 }", /smtp\.maxLineLength: expected an integer 510-65536/],
      ["smtp: { maxRecipients: 0 }", /smtp\.maxRecipients: expected an integer 1-100000/],
      ["smtp: { allowPlaintextAuth: yes please }", /smtp\.allowPlaintextAuth: expected a boolean/],
      ["smtp: { bareLineEndings: fix }", /smtp\.bareLineEndings: expected one of "reject", "normalize"/],
      ["smtp: { maxMesageSize: 2048 }", /smtp\.maxMesageSize: unknown key; did you mean "maxMessageSize"\?/],
      ["smtp: { postmaster: nobody }", /smtp\.postmaster: expected an address such as postmaster@example\.com/],
      ["smtp: [1, 2]", /smtp: expected a mapping of SMTP limits/],
    ];
    for (const [yaml, want] of cases) assert.throws(() => parseConfig(yaml), (e: unknown) => e instanceof ConfigError && want.test(e.message), yaml);
  });

  test("dumpConfig writes smtp back (only changes when asked)", () => {
    const c = parseConfig("smtp:\n  maxRecipients: 500\n");
    assert.deepEqual(parseConfig(dumpConfig(c)), c);
    const short = dumpConfig(c, { onlyChanges: true });
    assert.match(short, /smtp:\n  maxRecipients: 500\n/);
    assert.deepEqual(parseConfig(short), c);
    assert.doesNotMatch(dumpConfig(validateConfig({}), { onlyChanges: true }), /smtp/);
  });
});
