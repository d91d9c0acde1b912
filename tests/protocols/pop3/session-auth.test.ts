import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { FakeBackend } from "./fake-backend.ts";
import { handlerFor, HOST, plain, startSession } from "./harness.ts";

describe("POP3 session: logging in", () => {
  test("greeting, then USER/PASS under TLS enters TRANSACTION with the maildrop's size", async () => {
    const backend = new FakeBackend();
    backend.deliver("alice@example.test", "Subject: a\r\n\r\nhi\r\n");
    const s = await startSession({ service: "pop3s", backend });
    assert.equal(s.greeting, `+OK ${HOST} POP3 server ready`);
    assert.doesNotMatch(s.greeting, /<.*>/, "no APOP timestamp: APOP is not offered");
    assert.equal(await s.cmd("USER alice@example.test"), "+OK send PASS");
    assert.equal(await s.cmd("PASS correct horse"), "+OK alice@example.test has 1 messages (18 octets)");
    assert.equal(await s.cmd("STAT"), "+OK 1 18");
    assert.ok(s.logs.some((l) => /INFO .*\[pop3s\] 192\.0\.2\.7: logged in as alice@example\.test: 1 messages/.test(l)));
  });

  test("PASS takes the rest of the line: spaces and UTF-8 are part of the password", async () => {
    const s = await startSession({ service: "pop3s" });
    assert.match(await s.login("bob@example.test", "pässwörd mit Leerzeichen"), /^\+OK bob@example\.test has 0 messages/);
  });

  test("an unknown user and a wrong password get the same answer; both are logged", async () => {
    const s = await startSession({ service: "pop3s" });
    assert.equal(await s.cmd("USER nobody@example.test"), "+OK send PASS", "USER never tells whether the user exists");
    const unknown = await s.cmd("PASS whatever");
    const wrong = await s.login("alice@example.test", "wrong");
    assert.equal(unknown, "-ERR [AUTH] invalid user name or password");
    assert.equal(wrong, unknown);
    assert.ok(s.logs.some((l) => /refused PASS: -ERR \[AUTH\] invalid user name or password \(login failed for "nobody@example\.test" \(1 of 3\)\)/.test(l)));
    assert.equal(await s.cmd("PASS correct horse"), "-ERR send USER first", "a failed PASS forgets the USER");
  });

  test("the third failure is answered and the connection closed (maxAuthFailures)", async () => {
    const s = await startSession({ service: "pop3s" });
    for (let i = 1; i <= 3; i++) assert.equal(await s.login("alice@example.test", `guess ${i}`), "-ERR [AUTH] invalid user name or password");
    await s.done;
    assert.ok(s.client.isClosed());
    assert.ok(s.logs.some((l) => /\(3 of 3\), closing/.test(l)));
  });

  test("the failure delay holds the answer back (a delay longer than the test is cut by shutdown)", async () => {
    const s = await startSession({ service: "pop3s", limits: { authFailureDelayMs: 60_000 } });
    await s.send("USER alice@example.test\r\nPASS wrong\r\n");
    assert.equal(await s.line(), "+OK send PASS");
    // Nothing arrives for the PASS while the delay runs; stopping the service ends the wait.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(s.client.received().includes("-ERR"), false);
    s.abort.abort();
    assert.equal(await s.line(), `-ERR [SYS/TEMP] ${HOST} service shutting down`);
  });

  test("plaintext: USER, PASS and AUTH refused with [AUTH] naming STLS; CAPA lists no login", async () => {
    const s = await startSession();
    const capa = await s.multi("CAPA");
    assert.deepEqual(capa.body!.split("\r\n").filter(Boolean), ["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "STLS", "IMPLEMENTATION wrenmail"]);
    const refusal = "-ERR [AUTH] plaintext authentication is disabled: use STLS first";
    assert.equal(await s.cmd("USER alice@example.test"), refusal);
    assert.equal(await s.cmd("PASS correct horse"), refusal);
    assert.equal(await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "correct horse")}`), refusal);
    assert.equal(await s.cmd("AUTH"), refusal);
    assert.deepEqual(s.backend.calls, [], "the credentials never reached the backend");
    assert.equal(s.logs.filter((l) => /refused (USER|PASS|AUTH): -ERR \[AUTH\] plaintext/.test(l)).length, 4);
    // After STLS the same session may log in.
    await s.tls();
    assert.match(await s.login(), /^\+OK alice@example\.test has/);
  });

  test("a service without TLS that refuses plaintext says so without naming STLS", async () => {
    const s = await startSession({ tls: "none" });
    assert.equal(await s.cmd("USER alice@example.test"), "-ERR [AUTH] plaintext authentication is disabled on this server");
    assert.doesNotMatch((await s.multi("CAPA")).body!, /STLS|USER|SASL/);
  });

  test("allowPlaintextAuth: USER/PASS in clear, and CAPA lists USER and SASL PLAIN", async () => {
    const s = await startSession({ limits: { allowPlaintextAuth: true } });
    assert.match((await s.multi("CAPA")).body!, /^USER\r\nSASL PLAIN\r\n/m);
    assert.match(await s.login(), /^\+OK/);
  });

  test("AUTH PLAIN with an initial response; bare AUTH lists PLAIN", async () => {
    const s = await startSession({ service: "pop3s" });
    assert.deepEqual(await s.multi("AUTH"), { status: "+OK SASL mechanisms follow", body: "PLAIN\r\n" });
    assert.equal(await s.cmd(`AUTH plain ${plain("alice@example.test", "correct horse")}`), "+OK alice@example.test has 0 messages (0 octets)");
  });

  test("AUTH PLAIN with a continuation; '*' cancels; '=' is the empty response", async () => {
    const s = await startSession({ service: "pop3s" });
    assert.equal(await s.cmd("AUTH PLAIN"), "+ ");
    assert.equal(await s.cmd("*"), "-ERR authentication cancelled");
    assert.equal(await s.cmd("AUTH PLAIN ="), "-ERR malformed PLAIN response");
    assert.equal(await s.cmd("AUTH PLAIN"), "+ ");
    assert.equal(await s.cmd(plain("bob@example.test", "pässwörd mit Leerzeichen")), "+OK bob@example.test has 0 messages (0 octets)");
  });

  test("AUTH PLAIN: bad base64, an unknown mechanism, and acting for someone else", async () => {
    const s = await startSession({ service: "pop3s" });
    assert.equal(await s.cmd("AUTH PLAIN not*base64"), "-ERR cannot decode the base64 response");
    assert.equal(await s.cmd("AUTH CRAM-MD5"), "-ERR unsupported authentication mechanism CRAM-MD5; PLAIN is offered");
    assert.equal(await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "correct horse", "bob@example.test")}`), "-ERR [AUTH] invalid user name or password");
    assert.equal(await s.cmd(`AUTH PLAIN ${plain("alice@example.test", "correct horse", "alice@example.test")}`), "+OK alice@example.test has 0 messages (0 octets)");
  });

  test("the end of the stream inside an AUTH exchange ends the session", async () => {
    const s = await startSession({ service: "pop3s" });
    assert.equal(await s.cmd("AUTH PLAIN"), "+ ");
    await s.client.end();
    await s.done;
    assert.deepEqual(s.backend.calls, []);
  });

  test("a store fault at login is -ERR [SYS/TEMP], logged as an error, not an auth failure", async () => {
    const backend = new FakeBackend();
    backend.failIn = "authenticate";
    const s = await startSession({ service: "pop3s", backend, limits: { maxAuthFailures: 1 } });
    assert.equal(await s.login(), "-ERR [SYS/TEMP] temporary failure on the server, try again later");
    assert.ok(s.logs.some((l) => /ERROR .*backend authenticate failed: database down/.test(l)));
    backend.failIn = "open";
    assert.equal(await s.login(), "-ERR [SYS/TEMP] temporary failure on the server, try again later");
    backend.failIn = "scan";
    assert.equal(await s.login(), "-ERR [SYS/TEMP] temporary failure on the server, try again later");
    backend.failIn = null;
    assert.match(await s.login(), /^\+OK/, "the lock was released by the failed opens, and no failure was counted");
  });

  test("a second login to the same maildrop gets [IN-USE] until the first session ends", async () => {
    const backend = new FakeBackend();
    const handler = handlerFor(backend);
    const first = await startSession({ service: "pop3s", backend, handler });
    assert.match(await first.login(), /^\+OK/);
    const second = await startSession({ service: "pop3", tls: "implicit", backend, handler });
    assert.equal(await second.login(), "-ERR [IN-USE] maildrop already locked: another POP3 session is logged in");
    assert.ok(second.logs.some((l) => /refused PASS: -ERR \[IN-USE\].*alice@example\.test is logged in elsewhere/.test(l)));
    assert.match(await second.login("bob@example.test", "pässwörd mit Leerzeichen"), /^\+OK/, "another account is not locked");
    // The first session drops its connection without QUIT: the lock goes with it.
    await first.client.end();
    await first.done;
    const third = await startSession({ service: "pop3s", backend, handler });
    assert.match(await third.login(), /^\+OK/);
  });

  test("after QUIT the maildrop is free before the answer arrives", async () => {
    const backend = new FakeBackend();
    const handler = handlerFor(backend);
    const first = await startSession({ service: "pop3s", backend, handler });
    await first.login();
    assert.match(await first.cmd("QUIT"), /^\+OK/);
    const second = await startSession({ service: "pop3s", backend, handler });
    assert.match(await second.login(), /^\+OK/);
  });

  test("USER/PASS/AUTH/STLS after login are refused; APOP is refused", async () => {
    const s = await startSession({ service: "pop3s" });
    assert.equal(await s.cmd("APOP alice@example.test c4c9334bac560ecc979e58001b3e22fb"), "-ERR APOP is not supported: use USER/PASS or AUTH PLAIN over TLS");
    await s.login();
    assert.equal(await s.cmd("USER bob@example.test"), "-ERR USER is not allowed after login");
    assert.equal(await s.cmd("AUTH PLAIN"), "-ERR AUTH is not allowed after login");
    assert.equal(await s.cmd("STLS"), "-ERR STLS is not allowed after login");
  });

  test("USER syntax: a name is required and may not hold spaces or controls", async () => {
    const s = await startSession({ service: "pop3s" });
    assert.equal(await s.cmd("USER"), "-ERR syntax: USER name");
    assert.equal(await s.cmd("USER a b"), "-ERR syntax: USER name");
    assert.equal(await s.cmd("PASS"), "-ERR send USER first");
    assert.equal(await s.cmd("USER alice@example.test"), "+OK send PASS");
    assert.equal(await s.cmd("PASS"), "-ERR syntax: PASS password");
  });
});
