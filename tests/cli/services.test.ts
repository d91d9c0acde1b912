import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, stat } from "node:fs/promises";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeTestConfig } from "../helpers/config.ts";
import { rawClient } from "../helpers/net.ts";
import { startWrenmail, wrenmail, type Child } from "../helpers/spawn.ts";

function firstLine(port: number, localAddress = "127.0.0.1"): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port, host: "127.0.0.1", localAddress }, () => {
      const c = rawClient(sock);
      c.readUntil("\r\n", 5000).then((t) => {
        c.close();
        resolve(t.split("\r\n")[0]);
      }, reject);
    });
    sock.once("error", reject);
  });
}

describe("wrenmail services / service / log against the running server", () => {
  let dir: string;
  let file: string;
  let ports: Record<string, number>;
  let server: Child;
  const cli = (args: string[]) => wrenmail([...args, "--config", file]);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "wrenmail-svc-"));
    ({ file, ports } = await writeTestConfig(dir));
    server = startWrenmail(["start", "--config", file]);
    await server.waitFor(/^ldaps listening/m, 60_000);
  });
  after(async () => {
    server.kill("SIGTERM");
    await server.exited;
    await rm(dir, { recursive: true, force: true });
  });

  test("the token file is private to the server's user", async () => {
    assert.equal((await stat(join(dir, "data", "cli-token"))).mode & 0o777, 0o600);
  });

  test("services lists every service with its status and port", async () => {
    const r = await cli(["services"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME\s+PROTOCOL\s+STATUS/);
    assert.match(r.stdout, new RegExp(`^imap\\s+imap\\s+running\\s+127\\.0\\.0\\.1\\s+${ports.imap}\\s+starttls`, "m"));
    assert.equal(r.stdout.trim().split("\n").length, 15);
  });

  test("service stop/start imap: a real connection is refused, then greeted", async () => {
    const stop = await cli(["service", "stop", "imap"]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, /^imap: stopped/);
    await assert.rejects(firstLine(ports.imap), /ECONNREFUSED/);
    assert.equal((await cli(["service", "start", "imap"])).code, 0);
    assert.match(await firstLine(ports.imap), /^\* OK \[CAPABILITY /);
  });

  test("service allow pop3 127.0.0.2: 127.0.0.1 is refused with -ERR, 127.0.0.2 admitted; --remove undoes it", async () => {
    const r = await cli(["service", "allow", "pop3", "127.0.0.2"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pop3 access: allow 127\.0\.0\.2/);
    assert.match(await firstLine(ports.pop3, "127.0.0.1"), /^-ERR .*not allowed/);
    assert.doesNotMatch(await firstLine(ports.pop3, "127.0.0.2"), /not allowed/);
    const removed = await cli(["service", "allow", "pop3", "127.0.0.2", "--remove"]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /pop3 access: allow \(none\)/);
    const reset = await cli(["service", "set", "pop3", "access.mode=uncontrolled"]);
    assert.equal(reset.code, 0, reset.stderr);
  });

  test("service unlimited and set change limits; bad values are refused per field and change nothing", async () => {
    const u = await cli(["service", "unlimited", "imap", "192.0.2.0/24"]);
    assert.equal(u.code, 0, u.stderr);
    assert.match(u.stdout, /192\.0\.2\.0\/24/);
    const bad = await cli(["service", "set", "pop3", "port=70000", "access.ips=10.0.0.0/33"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /port: expected an integer 1-65535, got 70000/);
    assert.match(bad.stderr, /access\.ips\[0\]/);
    const ok = await cli(["service", "set", "pop3", "limits.perIpPerMinute=10", "timeout=120"]);
    assert.equal(ok.code, 0, ok.stderr);
    const unknown = await cli(["service", "stop", "gopher"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /unknown service "gopher"/);
  });

  test("service stop admin is refused; the log shows who changed what", async () => {
    const r = await cli(["service", "stop", "admin"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot be stopped/);
    const log = await cli(["log", "--service", "pop3"]);
    assert.equal(log.code, 0, log.stderr);
    assert.match(log.stdout, /\[pop3\] settings changed by cli: limits, timeout|\[pop3\] settings changed by cli: timeout, limits/);
    assert.match(log.stdout, /\[pop3\] refused connection from 127\.0\.0\.1/);
  });

  test("without a running server the command says how to start one", async () => {
    const other = await mkdtemp(join(tmpdir(), "wrenmail-none-"));
    try {
      const r = await wrenmail(["services", "--data", other]);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no running server .*wrenmail start --data/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
