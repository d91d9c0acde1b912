import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defaultService } from "../../src/config/mod.ts";
import { createLogger } from "../../src/log/logger.ts";
import type { ServiceContext } from "../../src/services/types.ts";
import { type FarewellReason, LineSession } from "../../src/protocols/session-io.ts";
import { memConn } from "../helpers/mem-conn.ts";

const dec = new TextDecoder();

/**
 * The smallest protocol on the shared plumbing: every line is echoed as `250 <line> secure=<bool>`;
 * TLS upgrades, FAIL throws, QUIT ends. Replies look like SMTP so the mem-conn client parses them.
 */
class EchoSession extends LineSession {
  cleanups = 0;

  protected async greet(): Promise<void> {
    await this.write(`220 echo ready tls=${this.startTlsAvailable}\r\n`);
  }

  protected async step(): Promise<boolean> {
    const line = await this.readLine(64);
    if (line === null) return false;
    if (line.kind === "too-long") {
      await this.write("500 too long\r\n");
      return true;
    }
    const text = dec.decode(line.bytes);
    if (text === "FAIL") throw new Error("boom");
    if (text === "QUIT") {
      await this.write("221 bye\r\n");
      this.ending = true;
    } else if (text === "TLS") {
      await this.write("220 go ahead\r\n");
      await this.switchToTls("TLS");
    } else {
      await this.write(`250 ${text} secure=${this.secure}\r\n`);
    }
    return true;
  }

  protected farewell(why: FarewellReason): Promise<void> | undefined {
    return this.write(`421 ${why}\r\n`);
  }

  protected override cleanup(): void {
    this.cleanups++;
  }
}

function start() {
  const logs: string[] = [];
  const abort = new AbortController();
  const ctx: ServiceContext = {
    name: "smtp",
    protocol: "smtp",
    settings: { ...defaultService("smtp"), tls: "starttls" },
    hostname: "echo.example.test",
    tls: { cert: "fake cert", key: "fake key" },
    log: createLogger({ write: (l) => logs.push(l) }),
    signal: abort.signal,
  };
  const { conn, client } = memConn();
  const session = new EchoSession(conn, ctx);
  const done = session.run();
  return { session, client, logs, abort, done };
}

describe("LineSession: the plumbing the line protocols share", () => {
  test("pipelined lines are answered in one batch, flushed when the input runs dry", async () => {
    const { client, done } = start();
    assert.equal((await client.reply()).raw, "220 echo ready tls=true\r\n");
    await client.write("A\r\nB\r\n");
    assert.equal((await client.reply()).raw, "250 A secure=false\r\n");
    assert.equal((await client.reply()).raw, "250 B secure=false\r\n");
    assert.ok(client.chunks().includes("250 A secure=false\r\n250 B secure=false\r\n"), `chunks: ${JSON.stringify(client.chunks())}`);
    await client.write("QUIT\r\n");
    assert.equal((await client.reply()).code, 221);
    await done;
    await client.closed;
  });

  test("the service stopping while waiting: the protocol's goodbye, cleanup, close", async () => {
    const { session, client, abort, done } = start();
    await client.reply();
    abort.abort();
    assert.equal((await client.reply()).raw, "421 shutdown\r\n");
    await done;
    await client.closed;
    assert.equal(session.cleanups, 1);
  });

  test("an unexpected error: logged, the failure goodbye, and run() still resolves", async () => {
    const { session, client, logs, done } = start();
    await client.reply();
    await client.write("FAIL\r\n");
    assert.equal((await client.reply()).raw, "421 failure\r\n");
    await done;
    assert.ok(logs.some((l) => l.includes("session failed") && l.includes("boom")), logs.join("\n"));
    assert.equal(session.cleanups, 1);
  });

  test("STARTTLS: plaintext pipelined after the command is dropped and logged, then TLS", async () => {
    const { session, client, logs, done } = start();
    await client.reply();
    await client.write("TLS\r\nSMUGGLED\r\n");
    assert.equal((await client.reply()).raw, "220 go ahead\r\n");
    await client.startTls();
    await client.write("WHO\r\n");
    assert.equal((await client.reply()).raw, "250 WHO secure=true\r\n", "the smuggled line is never answered");
    assert.equal(session.startTlsAvailable, false);
    assert.ok(logs.some((l) => l.includes("dropped 10 bytes pipelined after TLS")), logs.join("\n"));
    await client.write("QUIT\r\n");
    await client.reply();
    await done;
  });
});
