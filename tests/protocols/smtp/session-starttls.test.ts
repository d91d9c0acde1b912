import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { codes, startSession } from "./harness.ts";

describe("SMTP session: STARTTLS (RFC 3207)", () => {
  test("220 2.0.0, then the session starts over under TLS: EHLO again, no transaction, no AUTH kept", async () => {
    const s = await startSession({ limits: { allowPlaintextAuth: true } });
    await s.ehlo();
    assert.equal(codes(await s.auth()), "235 2.7.0");
    assert.equal((await s.cmd("STARTTLS")).raw, "220 2.0.0 ready to start TLS\r\n");
    await s.client.startTls();
    assert.equal(s.client.upgrades(), 1);
    assert.equal(codes(await s.cmd("MAIL FROM:<a@remote.test>")), "503 5.5.1", "HELO is forgotten");
    const e = await s.ehlo();
    assert.ok(e.lines.includes("AUTH PLAIN LOGIN"), "AUTH offered again: the earlier login is forgotten");
    assert.equal(codes(await s.auth()), "235 2.7.0");
  });

  test("STARTTLS twice is 503 5.5.1; with an argument 501 5.5.4", async () => {
    const s = await startSession();
    await s.ehlo();
    assert.equal(codes(await s.cmd("STARTTLS now")), "501 5.5.4");
    await s.tls();
    assert.equal(codes(await s.cmd("STARTTLS")), "503 5.5.1");
    const i = await startSession({ service: "smtps" });
    await i.ehlo();
    assert.equal(codes(await i.cmd("STARTTLS")), "503 5.5.1");
  });

  test("the service certificate is what the session upgrades with", async () => {
    const seen: unknown[] = [];
    const s = await startSession({ onStartTls: (tls) => seen.push(tls) });
    await s.ehlo();
    await s.tls();
    assert.deepEqual(seen, [{ cert: "fake cert", key: "fake key" }]);
  });

  test("a failed handshake ends the session without an error in the log", async () => {
    const s = await startSession({ failTls: true });
    await s.ehlo();
    assert.equal(codes(await s.cmd("STARTTLS")), "220 2.0.0");
    await s.done;
    assert.ok(s.logs.some((l) => /INFO.*TLS handshake failed/.test(l)));
    assert.ok(!s.logs.some((l) => /ERROR/.test(l)));
  });
});
