import { test } from "node:test";
import assert from "node:assert/strict";
import * as net from "node:net";
import { AddressInUse, AddressNotAvailable, ListenError, normaliseListenError, PermissionDenied } from "../../runtime/mod.ts";
import { connectRaw, dec, enc, within } from "../helpers/net.ts";
import { testCert } from "../helpers/certs.ts";
import { echo, rt, serve } from "./harness.ts";

async function echoOnce(port: number, host = "127.0.0.1"): Promise<string> {
  const c = await connectRaw(port, host);
  try {
    await c.write("ping\n");
    return await c.readUntil("ping\n", 3000);
  } finally {
    c.close();
  }
}

test(`${rt.name}: binding a port in use yields AddressInUse, plain and TLS`, async () => {
  const cert = await testCert();
  const first = await rt.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = first.addr.port;
    await assert.rejects(rt.listen({ hostname: "127.0.0.1", port }), (e: unknown) => {
      assert.ok(e instanceof AddressInUse, String(e));
      assert.ok(e instanceof ListenError);
      assert.equal((e as ListenError).code, "AddressInUse");
      assert.equal((e as ListenError).port, port);
      return true;
    });
    await assert.rejects(rt.listen({ hostname: "127.0.0.1", port, tls: cert }), AddressInUse);
    await assert.rejects(rt.serveHttp({ hostname: "127.0.0.1", port }, () => new Response("x")), AddressInUse);
  } finally {
    await first.close();
  }
  // A port held by another program (a node:net server in this process) counts too.
  const other = net.createServer();
  await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
  try {
    const port = (other.address() as net.AddressInfo).port;
    await assert.rejects(rt.listen({ hostname: "127.0.0.1", port, tls: cert }), AddressInUse);
  } finally {
    await new Promise((r) => other.close(r));
  }
});

test(`${rt.name}: binding an address not on this host yields AddressNotAvailable`, async () => {
  // 192.0.2.1 is TEST-NET-1: never assigned to this machine. Only a bind is attempted.
  await assert.rejects(rt.listen({ hostname: "192.0.2.1", port: 0 }), AddressNotAvailable);
  await assert.rejects(rt.listen({ hostname: "192.0.2.1", port: 0, tls: await testCert() }), AddressNotAvailable);
  await assert.rejects(rt.serveHttp({ hostname: "192.0.2.1", port: 0 }, () => new Response("x")), AddressNotAvailable);
});

test(`${rt.name}: listen errors from every runtime's vocabulary are normalised`, () => {
  const cases: [unknown, unknown][] = [
    [Object.assign(new Error("listen EADDRINUSE"), { code: "EADDRINUSE" }), AddressInUse],
    [Object.assign(new Error("x"), { name: "AddrInUse" }), AddressInUse],
    [Object.assign(new Error("listen EACCES"), { code: "EACCES" }), PermissionDenied],
    [Object.assign(new Error("x"), { name: "PermissionDenied" }), PermissionDenied],
    [Object.assign(new Error("x"), { code: "EADDRNOTAVAIL" }), AddressNotAvailable],
    [Object.assign(new Error("x"), { name: "AddrNotAvailable" }), AddressNotAvailable],
  ];
  for (const [input, cls] of cases) {
    assert.ok(normaliseListenError(input, "::1", 25) instanceof (cls as typeof ListenError), String(input));
  }
  const other = new Error("something else");
  assert.equal(normaliseListenError(other, "::1", 25), other);
  assert.equal(new AddressInUse("::1", 25).message, "address in use: [::1]:25");
});

test(`${rt.name}: a closed listener's port binds again at once, with a connection still open`, async () => {
  const cert = await testCert();
  for (const tls of [undefined, cert]) {
    const srv = await serve({ hostname: "127.0.0.1", port: 0, tls }, echo);
    const port = srv.port;
    let again: Awaited<ReturnType<typeof rt.listen>> | undefined;
    const conn = await rt.connect({ hostname: "127.0.0.1", port, tls: tls && { caCerts: [cert.cert], serverName: "localhost" } });
    try {
      const w = conn.writable.getWriter();
      const r = conn.readable.getReader();
      // One round trip first, so the server has surely accepted this connection.
      await w.write(enc("before"));
      assert.equal(dec((await within(r.read(), 3000, "echo")).value!), "before");
      const t0 = performance.now();
      await srv.listener.close();
      again = await rt.listen({ hostname: "127.0.0.1", port, tls });
      const ms = performance.now() - t0;
      console.log(`# ${rt.name} ${tls ? "tls" : "plain"}: close + rebind of port ${port} took ${ms.toFixed(2)} ms`);
      assert.equal(again.addr.port, port);
      // The connection accepted before the close still works.
      await w.write(enc("still here"));
      assert.equal(dec((await within(r.read(), 3000, "old conn echo")).value!), "still here");
    } finally {
      conn.close();
      await again?.close();
      await again?.close(); // idempotent
      await srv.stop();
    }
  }
});

test(`${rt.name}: accept() ends when the listener closes`, async () => {
  const ln = await rt.listen({ hostname: "127.0.0.1", port: 0 });
  const it = ln.accept()[Symbol.asyncIterator]();
  const next = it.next();
  await ln.close();
  assert.equal((await within(next, 3000, "accept end")).done, true);
});

test(`${rt.name}: IPv6 ::1 works, and 127.0.0.1 is not reachable on 127.0.0.2`, async () => {
  const v6 = await serve({ hostname: "::1", port: 0 }, echo);
  const v4 = await serve({ hostname: "127.0.0.1", port: 0 }, echo);
  try {
    assert.equal(v6.listener.addr.address, "::1");
    assert.match(await echoOnce(v6.port, "::1"), /ping/);
    const conn = await rt.connect({ hostname: "::1", port: v6.port });
    assert.equal(conn.remote.address, "::1");
    assert.equal(conn.local.address, "::1");
    conn.close();
    assert.equal(v4.listener.addr.address, "127.0.0.1");
    assert.match(await echoOnce(v4.port, "127.0.0.1"), /ping/);
    await assert.rejects(connectRaw(v4.port, "127.0.0.2"), /ECONNREFUSED|refused/i);
    await assert.rejects(rt.connect({ hostname: "127.0.0.2", port: v4.port }));
    await assert.rejects(connectRaw(v4.port, "::1"));
  } finally {
    await v6.stop();
    await v4.stop();
  }
});

test(`${rt.name}: wildcard binds 0.0.0.0 and :: accept loopback clients`, async () => {
  for (const hostname of ["0.0.0.0", "::"]) {
    let remote = "";
    const srv = await serve({ hostname, port: 0 }, async (c) => {
      remote = c.remote.address;
      await echo(c);
    });
    try {
      assert.equal(srv.listener.addr.address, hostname);
      assert.match(await echoOnce(srv.port, "127.0.0.1"), /ping/);
      // IPv4 clients of a dual-stack listener show as plain IPv4, not ::ffff:127.0.0.1.
      assert.equal(remote, "127.0.0.1");
    } finally {
      await srv.stop();
    }
  }
});
