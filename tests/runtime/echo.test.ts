import { test } from "node:test";
import assert from "node:assert/strict";
import { connectRaw, dec, enc, run, within } from "../helpers/net.ts";
import { pemFile, testCert } from "../helpers/certs.ts";
import { echo, rt, serve } from "./harness.ts";

test(`${rt.name}: plain echo through runtime.connect and a node:net client`, async () => {
  const srv = await serve({ hostname: "127.0.0.1", port: 0 }, echo);
  try {
    assert.ok(srv.port > 0);
    const conn = await rt.connect({ hostname: "127.0.0.1", port: srv.port });
    assert.equal(conn.secure, false);
    assert.equal(conn.remote.port, srv.port);
    assert.equal(conn.remote.address, "127.0.0.1");
    const w = conn.writable.getWriter();
    const r = conn.readable.getReader();
    const payload = new Uint8Array(300_000).map((_, i) => i % 251);
    const sent = w.write(payload);
    const got: number[] = [];
    while (got.length < payload.length) {
      const { value, done } = await within(r.read(), 5000, "echo read");
      assert.equal(done, false);
      got.push(...value);
    }
    await sent;
    assert.deepEqual(new Uint8Array(got), payload);
    await w.close();
    const end = await within(r.read(), 5000, "echo end");
    assert.equal(end.done, true);
    await within(conn.closed, 5000, "conn.closed");

    const raw = await connectRaw(srv.port);
    await raw.write("hello\r\n");
    assert.match(await raw.readUntil("hello\r\n"), /^hello\r\n$/);
    raw.close();
  } finally {
    await srv.stop();
  }
});

test(`${rt.name}: implicit TLS echo through runtime.connect (caCerts) and openssl s_client`, async () => {
  const cert = await testCert();
  const srv = await serve({ hostname: "127.0.0.1", port: 0, tls: cert }, async (conn) => {
    assert.equal(conn.secure, true);
    await echo(conn);
  });
  const ca = pemFile(cert.cert);
  try {
    const conn = await rt.connect({
      hostname: "127.0.0.1",
      port: srv.port,
      tls: { caCerts: [cert.cert], serverName: "localhost" },
    });
    assert.equal(conn.secure, true);
    const w = conn.writable.getWriter();
    const r = conn.readable.getReader();
    await w.write(enc("over tls\n"));
    const { value } = await within(r.read(), 5000, "tls echo");
    assert.equal(dec(value!), "over tls\n");
    conn.close();
    conn.close(); // idempotent
    await within(conn.closed, 5000, "conn.closed");

    const res = await run("openssl", [
      "s_client", "-quiet", "-no_ign_eof", "-verify_return_error", "-CAfile", ca.path, "-verify_hostname", "localhost",
      "-connect", `127.0.0.1:${srv.port}`,
    ], { steps: [[100, "ping from openssl\n"]], until: /ping from openssl/ });
    assert.match(res.stdout, /ping from openssl/, res.stderr);
  } finally {
    ca.cleanup();
    await srv.stop();
  }
});

test(`${rt.name}: a TLS client that does not trust the certificate is refused`, async () => {
  const cert = await testCert();
  const srv = await serve({ hostname: "127.0.0.1", port: 0, tls: cert }, echo);
  try {
    await assert.rejects(within(rt.connect({ hostname: "127.0.0.1", port: srv.port, tls: { serverName: "localhost" } }), 5000));
    // verify: false is the opportunistic-TLS escape hatch and must connect.
    const conn = await rt.connect({ hostname: "127.0.0.1", port: srv.port, tls: { verify: false } });
    assert.equal(conn.secure, true);
    conn.close();
  } finally {
    await srv.stop();
  }
});
