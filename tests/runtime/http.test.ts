import { test } from "node:test";
import assert from "node:assert/strict";
import { run, within } from "../helpers/net.ts";
import { testCert } from "../helpers/certs.ts";
import { rt } from "./harness.ts";

test(`${rt.name}: serveHttp plain and TLS answer curl and see the client's address`, async () => {
  const cert = await testCert();
  for (const [hostname, tls] of [["127.0.0.1", undefined], ["127.0.0.1", cert], ["::1", cert]] as const) {
    const seen: string[] = [];
    const srv = await rt.serveHttp({ hostname, port: 0, tls }, async (req, info) => {
      seen.push(`${info.remote.address}:${info.remote.port}`);
      const body = req.method === "POST" ? await req.text() : "";
      return Response.json({ method: req.method, path: new URL(req.url).pathname, body, remote: info.remote });
    });
    try {
      assert.ok(srv.addr.port > 0);
      assert.equal(srv.addr.address, hostname);
      const host = hostname.includes(":") ? `[${hostname}]` : hostname;
      const url = `${tls ? "https" : "http"}://${host}:${srv.addr.port}/hello`;
      const res = await run("curl", ["-sS", "-k", "--max-time", "10", "-d", "payload", url]);
      assert.equal(res.code, 0, res.stderr);
      const json = JSON.parse(res.stdout);
      assert.deepEqual([json.method, json.path, json.body], ["POST", "/hello", "payload"]);
      assert.equal(json.remote.address, hostname);
      assert.ok(json.remote.port > 0 && json.remote.port !== srv.addr.port);
      assert.equal(seen.length, 1);
    } finally {
      await srv.close();
    }
  }
});

test(`${rt.name}: serveHttp close() settles promptly with a streaming response open, and frees the port`, async () => {
  const srv = await rt.serveHttp({ hostname: "127.0.0.1", port: 0 }, () => {
    // An endless event stream, like the admin console's live system log.
    let timer: ReturnType<typeof setInterval>;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        timer = setInterval(() => c.enqueue(new TextEncoder().encode("data: tick\n\n")), 50);
      },
      cancel() {
        clearInterval(timer);
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  const port = srv.addr.port;
  const client = run("curl", ["-sSN", "--max-time", "20", `http://127.0.0.1:${port}/events`], { ms: 25_000 });
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  await within(srv.close(), 5000, "serveHttp close");
  const ms = performance.now() - t0;
  const res = await within(client, 10_000, "curl end");
  console.log(`# ${rt.name}: serveHttp close with a stream open took ${ms.toFixed(1)} ms`);
  assert.match(res.stdout, /data: tick/);
  const again = await rt.serveHttp({ hostname: "127.0.0.1", port }, () => new Response("ok"));
  await again.close();
});
