import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { b64, codes, HOST, plain, startSession } from "./harness.ts";

/** A submission session under TLS, after EHLO. */
async function secured(limits = {}) {
  const s = await startSession({ service: "submission", limits });
  await s.ehlo();
  await s.tls();
  return s;
}

describe("SMTP session: AUTH (RFC 4954)", () => {
  test("PLAIN with an initial response", async () => {
    const s = await secured();
    const r = await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "correct horse")}`);
    assert.equal(r.raw, "235 2.7.0 authentication successful\r\n");
    assert.ok(s.logs.some((l) => /authenticated as alice@example\.test/.test(l)));
    assert.ok(!(await s.ehlo()).lines.some((l) => l.startsWith("AUTH")), "not offered again");
  });

  test("PLAIN with the response after an empty 334 challenge; UTF-8 credentials", async () => {
    const s = await secured();
    assert.equal((await s.cmd("AUTH PLAIN")).raw, "334 \r\n");
    assert.equal(codes(await s.cmd(plain("bob@example.test", "pässwörd"))), "235 2.7.0");
  });

  test("PLAIN with an authzid equal to the user works; acting for another user does not", async () => {
    const s = await secured();
    assert.equal(codes(await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "correct horse", "bob@example.test")}`)), "535 5.7.8");
    assert.equal(codes(await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "correct horse", "alice@example.test")}`)), "235 2.7.0");
  });

  test("LOGIN asks for Username: and Password: in base64", async () => {
    const s = await secured();
    assert.equal((await s.cmd("AUTH LOGIN")).raw, "334 VXNlcm5hbWU6\r\n");
    assert.equal((await s.cmd(b64("alice@example.test"))).raw, "334 UGFzc3dvcmQ6\r\n");
    assert.equal(codes(await s.cmd(b64("correct horse"))), "235 2.7.0");
  });

  test("LOGIN with the username as initial response", async () => {
    const s = await secured();
    assert.equal((await s.cmd(`AUTH LOGIN ${b64("alice@example.test")}`)).raw, "334 UGFzc3dvcmQ6\r\n");
    assert.equal(codes(await s.cmd(b64("correct horse"))), "235 2.7.0");
  });

  test("wrong password and unknown user get the same 535 5.7.8", async () => {
    const s = await secured();
    const a = await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "wrong")}`);
    const b = await s.cmd(`AUTH PLAIN ${plain("mallory@example.test", "x")}`);
    assert.equal(a.raw, "535 5.7.8 authentication credentials invalid\r\n");
    assert.equal(b.raw, a.raw);
  });

  test("the third failure closes the connection with 421 4.7.0 (maxAuthFailures)", async () => {
    const s = await secured();
    assert.equal(codes(await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "1")}`)), "535 5.7.8");
    assert.equal(codes(await s.cmd(`AUTH LOGIN ${b64("alice@example.test")}`)), "334");
    assert.equal(codes(await s.cmd(b64("2"))), "535 5.7.8");
    const r = await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "3")}`);
    assert.equal(r.raw, `421 4.7.0 ${HOST} too many authentication failures, closing connection\r\n`);
    await s.client.closed;
    await s.done;
    assert.equal(s.logs.filter((l) => /WARN.*authentication failed/.test(l)).length, 3);
  });

  test("a failure is not answered before authFailureDelayMs; shutting down cuts the wait short", async () => {
    const s = await secured({ authFailureDelayMs: 600_000 });
    await s.send(`AUTH PLAIN ${plain("alice@example.test", "wrong")}\r\n`);
    while (!s.backend.calls.includes("authenticate alice@example.test")) await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 1));
    assert.equal(s.client.pendingText(), "", "no answer while the delay runs");
    s.abort.abort();
    assert.equal(codes(await s.reply()), "421 4.3.2");
    await s.done;
  });

  test("* cancels the exchange with 501 5.0.0, not counted as a failure", async () => {
    const s = await secured({ maxAuthFailures: 1 });
    await s.cmd("AUTH LOGIN");
    assert.equal(codes(await s.cmd("*")), "501 5.0.0");
    await s.cmd("AUTH PLAIN");
    assert.equal(codes(await s.cmd("*")), "501 5.0.0");
    assert.equal(codes(await s.auth()), "235 2.7.0");
  });

  test("bad base64 and malformed PLAIN are 501 5.5.2; unknown mechanisms 504 5.5.4", async () => {
    const s = await secured();
    assert.equal(codes(await s.cmd("AUTH PLAIN not*base64")), "501 5.5.2");
    assert.equal(codes(await s.cmd("AUTH PLAIN abc")), "501 5.5.2");
    assert.equal(codes(await s.cmd(`AUTH PLAIN ${b64("no-nul-here")}`)), "501 5.5.2");
    assert.equal(codes(await s.cmd(`AUTH PLAIN ${b64("a\0b\0c\0d")}`)), "501 5.5.2");
    assert.equal(codes(await s.cmd(`AUTH PLAIN ${btoa("\0alice@example.test\0\xff\xfe")}`)), "501 5.5.2", "not UTF-8");
    assert.equal(codes(await s.cmd("AUTH CRAM-MD5")), "504 5.5.4");
    assert.equal(codes(await s.cmd("AUTH")), "501 5.5.4");
    assert.equal(codes(await s.auth()), "235 2.7.0", "none of it counted as a failed login");
  });

  test("= is the empty response", async () => {
    const s = await secured();
    await s.cmd("AUTH PLAIN");
    assert.equal(codes(await s.cmd("=")), "501 5.5.2", "empty PLAIN message is malformed");
  });

  test("AUTH twice is 503 5.5.1", async () => {
    const s = await secured();
    await s.auth();
    assert.equal(codes(await s.auth()), "503 5.5.1");
  });

  test("AUTH without TLS is 538 5.7.11 and never reaches the backend", async () => {
    const s = await startSession({ service: "submission" });
    await s.ehlo();
    assert.equal(codes(await s.auth()), "538 5.7.11");
    assert.equal(codes(await s.cmd("AUTH LOGIN")), "538 5.7.11");
    assert.deepEqual(s.backend.calls, []);
  });

  test("allowPlaintextAuth accepts AUTH without TLS", async () => {
    const s = await startSession({ service: "submission", limits: { allowPlaintextAuth: true } });
    await s.ehlo();
    assert.equal(codes(await s.auth()), "235 2.7.0");
    assert.equal(codes(await s.cmd("MAIL FROM:<alice@example.test>")), "250 2.1.0");
  });

  test("port 25 accepts AUTH after STARTTLS, and an authenticated user may relay", async () => {
    const s = await startSession({ service: "smtp" });
    await s.ehlo();
    await s.cmd("MAIL FROM:<alice@example.test>");
    assert.equal(codes(await s.cmd("RCPT TO:<friend@elsewhere.test>")), "554 5.7.1");
    await s.cmd("RSET");
    await s.tls();
    assert.equal(codes(await s.auth()), "235 2.7.0");
    await s.cmd("MAIL FROM:<alice@example.test>");
    assert.equal(codes(await s.cmd("RCPT TO:<friend@elsewhere.test>")), "250 2.1.5");
  });

  test("an AUTH line may be 12288 bytes even with a shorter maxLineLength; longer is 500 5.5.2", async () => {
    const s = await secured({ maxLineLength: 600 });
    const long = `AUTH PLAIN ${plain("alice@example.test", "x".repeat(3000))}`;
    assert.ok(long.length > 600);
    assert.equal(codes(await s.cmd(long)), "535 5.7.8");
    assert.equal(codes(await s.cmd(`AUTH PLAIN ${"A".repeat(12400)}`)), "500 5.5.2");
    await s.cmd("AUTH PLAIN");
    assert.equal(codes(await s.cmd("A".repeat(12300))), "500 5.5.6");
  });

  test("a backend fault during AUTH is 451 4.3.0, not a failed login", async () => {
    const s = await secured({ maxAuthFailures: 1 });
    s.backend.failIn = "authenticate";
    assert.equal(codes(await s.auth()), "451 4.3.0");
    s.backend.failIn = null;
    assert.equal(codes(await s.auth()), "235 2.7.0");
  });
});
