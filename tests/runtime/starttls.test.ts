import { test } from "node:test";
import assert from "node:assert/strict";
import { connectRaw, enc, readUntil, run, sleep, upgradeRaw, within } from "../helpers/net.ts";
import { pemFile, testCert } from "../helpers/certs.ts";
import { rt, serve } from "./harness.ts";
import { type DialogueLog, type DialogueOptions, smtpDialogue } from "./dialogue.ts";

/** Upgrade loops; raise with WRENMAIL_STARTTLS_ROUNDS=500 to soak a runtime's STARTTLS path. */
const ROUNDS = Number(process.env.WRENMAIL_STARTTLS_ROUNDS ?? 50);

async function dialogueServer(opts: DialogueOptions = {}) {
  const cert = await testCert();
  const logs: DialogueLog[] = [];
  const srv = await serve({ hostname: "127.0.0.1", port: 0 }, (conn) => {
    const log: DialogueLog = { commands: [], errors: [] };
    logs.push(log);
    return smtpDialogue(conn, cert, log, opts);
  });
  return { srv, logs, cert };
}

test(`${rt.name}: STARTTLS judged by openssl s_client -starttls smtp`, async () => {
  const { srv, logs, cert } = await dialogueServer();
  const ca = pemFile(cert.cert);
  try {
    const res = await run("openssl", [
      "s_client", "-starttls", "smtp", "-quiet", "-no_ign_eof", "-verify_return_error",
      "-CAfile", ca.path, "-verify_hostname", "localhost", "-connect", `127.0.0.1:${srv.port}`,
    ], { steps: [[50, "NOOP\r\n"]], until: /250 ok inside tls/ });
    assert.match(res.stdout, /250 ok inside tls/, res.stderr);
    await within(Promise.all(srv.sessions), 5000, "session end");
    assert.deepEqual(logs[0].commands.slice(0, 3), ["plain:EHLO mail.example.com", "plain:STARTTLS", "tls:NOOP"]);
    assert.deepEqual(logs[0].errors, []);
  } finally {
    ca.cleanup();
    await srv.stop();
  }
});

test(`${rt.name}: plaintext pipelined with STARTTLS in one write never reaches the server`, async () => {
  const { srv, logs, cert } = await dialogueServer();
  try {
    const c = await connectRaw(srv.port);
    await c.readUntil("220 test");
    await c.write("EHLO x\r\n");
    await c.readUntil("250 SIZE");
    // One write: the server reads both commands in one go and must not act on NOOP.
    await c.write("STARTTLS\r\nNOOP\r\n");
    await c.readUntil("220 go ahead");
    await sleep(50);
    const t = await within(upgradeRaw(c, cert.cert), 5000, "handshake");
    await t.write("EHLO y\r\n");
    const text = await t.readUntil("250 SIZE");
    // The first reply inside TLS answers EHLO: no reply to a smuggled NOOP came first.
    assert.match(text, /^250-test\r\n250 SIZE/);
    await t.write("QUIT\r\n");
    await t.readUntil("221");
    await within(Promise.all(srv.sessions), 5000, "session end");
    assert.deepEqual(logs[0].commands, ["plain:EHLO x", "plain:STARTTLS", "tls:EHLO y", "tls:QUIT"]);
  } finally {
    await srv.stop();
  }
});

test(`${rt.name}: plaintext the adapter read ahead before the upgrade is discarded`, async () => {
  // The session keeps a read pending while it answers STARTTLS and then waits, so bytes the
  // client sends before its handshake are taken off the socket into the adapter's buffers.
  const { srv, logs, cert } = await dialogueServer({ pendingReadDuringUpgrade: true, beforeUpgrade: () => sleep(300) });
  try {
    const c = await connectRaw(srv.port);
    await c.readUntil("220 test");
    await c.write("STARTTLS\r\n");
    await c.readUntil("220 go ahead");
    await c.write("NOOP\r\n");
    await sleep(400); // the upgrade has happened by now
    const t = await within(upgradeRaw(c, cert.cert), 5000, "handshake");
    await t.write("NOOP\r\n");
    assert.match(await t.readUntil("\r\n"), /^250 ok inside tls\r\n$/);
    t.close();
    await within(Promise.all(srv.sessions), 5000, "session end");
    assert.deepEqual(logs[0].commands, ["plain:STARTTLS", "tls:NOOP"]);
  } finally {
    await srv.stop();
  }
});

test(`${rt.name}: client-side startTls on a connect()ed conn, ${ROUNDS} upgrades in a row`, async () => {
  const { srv, logs, cert } = await dialogueServer();
  const rounds = ROUNDS;
  const started = performance.now();
  try {
    for (let i = 0; i < rounds; i++) {
      const conn = await rt.connect({ hostname: "127.0.0.1", port: srv.port });
      let r = conn.readable.getReader();
      let w = conn.writable.getWriter();
      await readUntil(r, "220 test");
      await w.write(enc("STARTTLS\r\n"));
      await readUntil(r, "220 go ahead");
      r.releaseLock();
      w.releaseLock();
      const tls = await within(conn.startTls({ serverName: "localhost", caCerts: [cert.cert] }), 5000, `upgrade ${i}`);
      assert.equal(tls.secure, true);
      r = tls.readable.getReader();
      w = tls.writable.getWriter();
      await w.write(enc("NOOP\r\n"));
      assert.equal((await readUntil(r, "\r\n")), "250 ok inside tls\r\n");
      await w.write(enc("QUIT\r\n"));
      await readUntil(r, "221");
      conn.close(); // closes the upgraded connection too
      await within(tls.closed, 5000, "tls closed");
    }
    await within(Promise.all(srv.sessions), 5000, "sessions end");
    assert.equal(logs.length, rounds);
    for (const l of logs) assert.deepEqual(l.commands, ["plain:STARTTLS", "tls:NOOP", "tls:QUIT"]);
    console.log(`# ${rt.name}: ${rounds} STARTTLS upgrades in ${(performance.now() - started).toFixed(0)} ms`);
  } finally {
    await srv.stop();
  }
});

test(`${rt.name}: opportunistic client STARTTLS with verify: false accepts an untrusted cert`, async () => {
  const { srv } = await dialogueServer();
  try {
    const conn = await rt.connect({ hostname: "127.0.0.1", port: srv.port });
    const r = conn.readable.getReader();
    const w = conn.writable.getWriter();
    await readUntil(r, "220 test");
    await w.write(enc("STARTTLS\r\n"));
    await readUntil(r, "220 go ahead");
    r.releaseLock();
    w.releaseLock();
    const tls = await within(conn.startTls({ serverName: "mx.example.test", verify: false }), 5000, "upgrade");
    const w2 = tls.writable.getWriter();
    await w2.write(enc("NOOP\r\n"));
    assert.equal(await readUntil(tls.readable.getReader(), "\r\n"), "250 ok inside tls\r\n");
    tls.close();
  } finally {
    await srv.stop();
  }
});

test(`${rt.name}: startTls refuses while the streams are locked`, async () => {
  const { srv, cert } = await dialogueServer();
  try {
    const conn = await rt.connect({ hostname: "127.0.0.1", port: srv.port });
    const r = conn.readable.getReader();
    await readUntil(r, "220 test");
    await assert.rejects(conn.startTls({ caCerts: [cert.cert] }), TypeError);
    conn.close();
  } finally {
    await srv.stop();
  }
});

test(`${rt.name}: STARTTLS ${ROUNDS} times in a row against the server side`, async () => {
  const { srv, logs, cert } = await dialogueServer();
  const rounds = ROUNDS;
  const started = performance.now();
  try {
    for (let i = 0; i < rounds; i++) {
      const c = await connectRaw(srv.port);
      await c.readUntil("220 test");
      await c.write("STARTTLS\r\n");
      await c.readUntil("220 go ahead");
      const t = await within(upgradeRaw(c, cert.cert), 5000, `handshake ${i}`);
      await t.write("NOOP\r\n");
      await t.readUntil("250 ok inside tls");
      await t.write("QUIT\r\n");
      await t.readUntil("221");
      t.close();
    }
    await within(Promise.all(srv.sessions), 5000, "sessions end");
    assert.equal(logs.length, rounds);
    for (const l of logs) assert.deepEqual(l.errors, []);
    console.log(`# ${rt.name}: ${rounds} server-side STARTTLS upgrades in ${(performance.now() - started).toFixed(0)} ms`);
  } finally {
    await srv.stop();
  }
});
