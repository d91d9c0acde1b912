import { describe, test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, connect, type Server } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freeOffset } from "../helpers/ports.ts";
import { runChild, startWrenmail, wrenmail } from "../helpers/spawn.ts";
import { DEFAULT_SERVICES } from "../../src/config/mod.ts";

const BASES = Object.values(DEFAULT_SERVICES).map((s) => s.port);

/** The first line a server sends on a fresh connection (plain or implicit TLS). */
function greeting(port: number, tls: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = tls ? tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false }) : connect({ host: "127.0.0.1", port });
    let got = "";
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no greeting on ${port}`));
    }, 10_000);
    sock.on("data", (c) => {
      got += c.toString("latin1");
      // The first line is the greeting; a real protocol then waits for us, so stop there.
      if (got.includes("\r\n")) sock.destroy();
    });
    sock.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on("close", () => {
      clearTimeout(timer);
      resolve(got);
    });
  });
}

describe("wrenmail start", () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test("first start on an empty data directory: every service listens, the admin password is printed once, SIGTERM exits 0", async () => {
    const data = await mkdtemp(join(tmpdir(), "wrenmail-start-"));
    dirs.push(data);
    const offset = await freeOffset(BASES);
    const child = startWrenmail(["start", "--data", data, "--port-offset", String(offset)]);
    try {
      await child.waitFor(/password (\S+)/, 60_000);
      await child.waitFor(/ldaps listening/, 30_000);
      const out = child.stdout();
      for (const [name, s] of Object.entries(DEFAULT_SERVICES)) {
        assert.match(out, new RegExp(`^${name} listening on 0\\.0\\.0\\.0:${s.port + offset} \\(${s.tls}\\)$`, "m"));
      }
      assert.equal(out.match(/password [A-Za-z0-9]{20}$/gm)?.length, 1);
      // Placeholders answer with each protocol's own "not available".
      assert.match(await greeting(25 + offset, false), /^220 \S+ ESMTP/);
      assert.match(await greeting(993 + offset, true), /^\* OK \[CAPABILITY IMAP4rev1 /);
      assert.match(await greeting(110 + offset, false), /^\+OK \S+ POP3 server ready/);
      const admin = await runChild("curl", ["-sk", "-o", "/dev/null", "-w", "%{http_code}", `https://127.0.0.1:${6000 + offset}/`]);
      assert.match(admin.stdout, /^\d{3}$/);
      assert.notEqual(admin.stdout, "000");
      child.kill("SIGTERM");
      const { code } = await child.exited;
      assert.equal(code, 0);
      assert.match(child.stdout(), /^stopped$/m);
    } finally {
      child.kill();
    }

    // Second start: same data, no new password.
    const again = startWrenmail(["start", "--data", data, "--port-offset", String(offset)]);
    try {
      await again.waitFor(/ldaps listening/, 60_000);
      assert.doesNotMatch(again.stdout(), /password/);
      again.kill("SIGINT");
      assert.equal((await again.exited).code, 0);
    } finally {
      again.kill();
    }
  });

  test("a port already in use leaves that service failed with the cause while the others run", async () => {
    const data = await mkdtemp(join(tmpdir(), "wrenmail-start-"));
    dirs.push(data);
    const offset = await freeOffset(BASES);
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen({ port: 143 + offset, host: "0.0.0.0" }, r));
    const child = startWrenmail(["start", "--data", data, "--port-offset", String(offset)]);
    try {
      await child.waitFor(/ldaps listening/, 60_000);
      assert.match(child.stdout(), new RegExp(`^imap failed on 0\\.0\\.0\\.0:${143 + offset}: address in use`, "m"));
      assert.match(child.stdout(), /^imaps listening/m);
      assert.match(await greeting(25 + offset, false), /^220 /);
      child.kill("SIGTERM");
      assert.equal((await child.exited).code, 0);
    } finally {
      child.kill();
      await new Promise((r) => blocker.close(r));
    }
  });

  test("a data directory that cannot be made is one plain message, not a stack trace", async () => {
    const r = await wrenmail(["start", "--data", "/dev/null/data", "--port-offset", "30000"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^wrenmail: .*\/dev\/null\/data/m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  test("a bad configuration file stops start with one message naming the key", async () => {
    const data = await mkdtemp(join(tmpdir(), "wrenmail-start-"));
    dirs.push(data);
    const file = join(data, "bad.yaml");
    await writeFile(file, "services:\n  imap:\n    port: 70000\n");
    const r = await wrenmail(["start", "--config", file, "--data", data]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /services\.imap\.port/);
    assert.match(r.stderr, /70000/);
  });
});
