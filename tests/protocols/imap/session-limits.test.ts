/**
 * The session limits that are `imap:` keys: `maxErrors` (BAD answers) and `maxCommandsBeforeAuth`
 * (anything before login, so NOOP/CAPABILITY loops cannot keep an anonymous connection open).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_IMAP_LIMITS } from "../../../src/config/imap.ts";
import { type Fixture, fixture } from "./harness.ts";

describe("IMAP session: imap.maxErrors and imap.maxCommandsBeforeAuth", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("maxErrors: the nth BAD answer is followed by BYE and the close, logged", async () => {
    const s = await f.session({ limits: { maxErrors: 3 } });
    await s.login();
    assert.equal((await s.cmd("BOGUS")).status, "BAD");
    // NO answers do not count.
    assert.equal((await s.cmd("SELECT Nope")).status, "NO");
    assert.equal((await s.cmd("FETCH 1 FLAGS")).status, "BAD");
    await s.send("z BOGUS\r\n");
    await s.client.closed;
    assert.match(s.client.received(), /z BAD unknown command BOGUS\r\n\* BYE too many invalid commands\r\n$/);
    assert.ok(s.logs.some((l) => /closing after 3 bad commands/.test(l)));
  });

  test("maxCommandsBeforeAuth: the command past the limit is not run: BYE, closed, logged", async () => {
    const s = await f.session({ limits: { maxCommandsBeforeAuth: 4 } });
    assert.equal((await s.cmd("NOOP")).status, "OK");
    assert.equal((await s.cmd("CAPABILITY")).status, "OK");
    assert.equal((await s.cmd("BOGUS")).status, "BAD", "refused commands count too");
    assert.equal((await s.cmd("NOOP")).status, "OK");
    await s.send("z CAPABILITY\r\n");
    await s.client.closed;
    assert.match(s.client.received(), /\r\n\* BYE too many commands without logging in\r\n$/);
    assert.doesNotMatch(s.pending(), /\* CAPABILITY|^z /m);
    assert.ok(s.logs.some((l) => /closing: more than 4 commands without logging in/.test(l)));
  });

  test("maxCommandsBeforeAuth: a LOGIN within the limit lifts it; the session then runs on", async () => {
    const s = await f.session({ limits: { maxCommandsBeforeAuth: 2 } });
    assert.equal((await s.cmd("CAPABILITY")).status, "OK");
    assert.equal((await s.login()).status, "OK");
    for (let i = 0; i < 10; i++) assert.equal((await s.cmd("NOOP")).status, "OK");
    assert.equal(s.client.isClosed(), false);
  });

  test("the defaults: 50 commands before login, the 51st gets BYE; 20 BAD answers", async () => {
    assert.equal(DEFAULT_IMAP_LIMITS.maxCommandsBeforeAuth, 50);
    assert.equal(DEFAULT_IMAP_LIMITS.maxErrors, 20);
    const s = await f.session();
    let pipelined = "";
    for (let i = 0; i < 50; i++) pipelined += `n${i} NOOP\r\n`;
    await s.send(pipelined + "last NOOP\r\n");
    await s.client.closed;
    const got = s.client.received();
    assert.match(got, /n49 OK NOOP completed\r\n\* BYE too many commands without logging in\r\n$/);
    assert.doesNotMatch(got, /^last /m);
  });
});
