import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { startSession } from "./harness.ts";

describe("POP3 session: STLS (RFC 2595)", () => {
  test("+OK, then under TLS CAPA offers USER and SASL PLAIN and no STLS", async () => {
    const s = await startSession();
    assert.equal(await s.cmd("STLS"), "+OK begin TLS negotiation");
    await s.client.startTls();
    assert.equal(s.client.upgrades(), 1);
    assert.equal((await s.multi("CAPA")).body, "TOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nUSER\r\nSASL PLAIN\r\nIMPLEMENTATION wrenmail\r\n");
    assert.match(await s.login(), /^\+OK/);
  });

  test("injection: CAPA and USER pipelined after STLS in one write are dropped, not answered under TLS", async () => {
    const s = await startSession({ limits: { allowPlaintextAuth: true } });
    await s.send("STLS\r\nCAPA\r\nUSER alice@example.test\r\n");
    assert.equal(await s.line(), "+OK begin TLS negotiation");
    await s.client.startTls();
    // The first answer under TLS is to what the client sends under TLS.
    assert.equal(await s.cmd("NOOP"), "-ERR NOOP needs a login first (USER/PASS or AUTH)");
    assert.equal(await s.cmd("PASS correct horse"), "-ERR send USER first", "the injected USER was never run");
    assert.equal(s.client.received().match(/capability list/g), null, "CAPA was never answered");
    assert.ok(s.logs.some((l) => /WARN .*dropped \d+ bytes pipelined after STLS/.test(l)));
  });

  test("a USER given in clear is forgotten by STLS", async () => {
    const s = await startSession({ limits: { allowPlaintextAuth: true } });
    assert.equal(await s.cmd("USER alice@example.test"), "+OK send PASS");
    await s.tls();
    assert.equal(await s.cmd("PASS correct horse"), "-ERR send USER first");
  });

  test("STLS twice, on pop3s, with an argument, and where TLS is off", async () => {
    const s = await startSession();
    assert.equal(await s.cmd("STLS now"), "-ERR syntax: STLS (no arguments)");
    await s.tls();
    assert.equal(await s.cmd("STLS"), "-ERR TLS already active");
    const i = await startSession({ service: "pop3s" });
    assert.equal(await i.cmd("STLS"), "-ERR TLS already active");
    assert.doesNotMatch((await i.multi("CAPA")).body!, /STLS/);
    const n = await startSession({ tls: "none" });
    assert.equal(await n.cmd("STLS"), "-ERR STLS not available on this service");
  });

  test("the service certificate is what the session upgrades with", async () => {
    const seen: unknown[] = [];
    const s = await startSession({ onStartTls: (tls) => seen.push(tls) });
    await s.tls();
    assert.deepEqual(seen, [{ cert: "fake cert", key: "fake key" }]);
  });

  test("a failed handshake ends the session without an error in the log", async () => {
    const s = await startSession({ failTls: true });
    assert.equal(await s.cmd("STLS"), "+OK begin TLS negotiation");
    await s.done;
    assert.ok(s.logs.some((l) => /INFO .*TLS handshake failed/.test(l)));
    assert.ok(!s.logs.some((l) => /ERROR/.test(l)));
  });

  test("shutdown while waiting for a command: -ERR [SYS/TEMP] and close", async () => {
    const s = await startSession();
    s.abort.abort();
    assert.match(await s.line(), /^-ERR \[SYS\/TEMP\] .* service shutting down$/);
    await s.done;
  });
});
