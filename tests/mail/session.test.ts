// The real SMTP session over an in-memory connection, with this backend over a real store: checks
// that the seam holds end to end (what the session passes, what the backend answers, what is stored).
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultService, type ServiceName } from "../../src/config/mod.ts";
import { DEFAULT_SMTP_LIMITS } from "../../src/config/smtp.ts";
import { createLogger } from "../../src/log/logger.ts";
import { createSmtpHandler } from "../../src/protocols/smtp/server.ts";
import type { SmtpBackend } from "../../src/protocols/smtp/backend.ts";
import { memConn, type ParsedReply } from "../helpers/mem-conn.ts";
import { inbox, LOCAL, REMOTE, withMail } from "./helpers.ts";

const A = `alice@${LOCAL}`;

async function session(backend: SmtpBackend, service: ServiceName) {
  const implicit = service === "smtps";
  const ctx = {
    name: service,
    protocol: "smtp" as const,
    settings: { ...defaultService(service), tls: implicit ? ("implicit" as const) : ("none" as const) },
    hostname: `mx.${LOCAL}`,
    tls: implicit ? { cert: "fake cert", key: "fake key" } : undefined,
    log: createLogger({ write: () => {} }),
    signal: new AbortController().signal,
  };
  const { conn, client } = memConn({ secure: implicit, remote: { address: "192.0.2.7", port: 40000 } });
  const done = createSmtpHandler({ backend, limits: { ...DEFAULT_SMTP_LIMITS, authFailureDelayMs: 0 } })(conn, ctx);
  done.catch(() => {});
  await client.reply();
  const cmd = async (line: string): Promise<string> => {
    await client.write(line + "\r\n");
    const r: ParsedReply = await client.reply();
    return r.enhanced ? `${r.code} ${r.enhanced}` : String(r.code);
  };
  return { cmd, client, done };
}

test("session + backend: port 25 delivers locally, refuses relaying and routing tricks, stores the exact bytes", async () => {
  await withMail(async ({ store, backend }) => {
    const s = await session(backend, "smtp");
    assert.equal(await s.cmd("EHLO mx.remote.example.com"), "250");
    assert.equal(await s.cmd(`MAIL FROM:<sender@${REMOTE}>`), "250 2.1.0");
    assert.equal(await s.cmd(`RCPT TO:<user@${REMOTE}>`), "550 5.7.1");
    assert.equal(await s.cmd(`RCPT TO:<user%${REMOTE}@${LOCAL}>`), "550 5.7.1");
    assert.equal(await s.cmd(`RCPT TO:<"user@${REMOTE}"@${LOCAL}>`), "550 5.7.1");
    assert.equal(await s.cmd(`RCPT TO:<@${LOCAL}:user@${REMOTE}>`), "550 5.7.1");
    assert.equal(await s.cmd("RCPT TO:<alice@[127.0.0.1]>"), "550 5.7.1");
    assert.equal(await s.cmd(`RCPT TO:<nobody@${LOCAL}>`), "550 5.1.1");
    assert.equal(await s.cmd(`RCPT TO:<Alice@EXAMPLE.test>`), "250 2.1.5");
    assert.equal(await s.cmd("DATA"), "354");
    assert.equal(await s.cmd("Subject: hi\r\n\r\nhello\r\n."), "250 2.0.0");
    const [stored] = await inbox(store, A);
    assert.match(stored, new RegExp(`^Return-Path: <sender@${REMOTE}>\\r\\nReceived: from mx\\.remote\\.example\\.com `));
    assert.ok(stored.endsWith("\r\nSubject: hi\r\n\r\nhello\r\n"), JSON.stringify(stored));
    assert.deepEqual(await store.queue.list(), []);
    await s.cmd("QUIT");
  });
});

test("session + backend: SMTPUTF8 recipients and the bare Postmaster reach their accounts", async () => {
  await withMail(async ({ store, backend }) => {
    await store.accounts.add({ address: `josé@${LOCAL}`, password: "pw" });
    const s = await session(backend, "smtp");
    await s.cmd("EHLO mx.remote.example.com");
    assert.equal(await s.cmd(`MAIL FROM:<sender@${REMOTE}> SMTPUTF8`), "250 2.1.0");
    assert.equal(await s.cmd(`RCPT TO:<josé@${LOCAL}>`), "250 2.1.5");
    assert.equal(await s.cmd("RCPT TO:<Postmaster>"), "250 2.1.5");
    assert.equal(await s.cmd("DATA"), "354");
    assert.equal(await s.cmd("x\r\n."), "250 2.0.0");
    assert.equal((await inbox(store, `josé@${LOCAL}`)).length, 1);
    assert.equal((await inbox(store, A)).length, 1);
  }, { backend: { postmaster: A } });
});

test("session + backend: an authenticated submission is held to its own addresses and may relay", async () => {
  await withMail(async ({ store, backend }) => {
    const s = await session(backend, "smtps");
    await s.cmd("EHLO laptop");
    assert.equal(await s.cmd(`AUTH PLAIN ${btoa(`\0${A}\0wrong`)}`), "535 5.7.8");
    assert.equal(await s.cmd(`AUTH PLAIN ${btoa(`\0alice@EXAMPLE.TEST\0pw`)}`), "235 2.7.0");
    assert.equal(await s.cmd(`MAIL FROM:<bob@${LOCAL}>`), "553 5.7.1");
    assert.equal(await s.cmd(`MAIL FROM:<${A}>`), "250 2.1.0");
    assert.equal(await s.cmd(`RCPT TO:<friend@${REMOTE}>`), "250 2.1.5");
    assert.equal(await s.cmd("DATA"), "354");
    assert.equal(await s.cmd("Subject: out\r\n\r\nbye\r\n."), "250 2.0.0");
    const [q] = await store.queue.list();
    assert.deepEqual(q.recipients, [`friend@${REMOTE}`]);
    const body = new TextDecoder().decode((await store.blobs.get(q.blobId))!);
    assert.match(body, /^Received: /, "queued mail has no Return-Path");
  });
});
