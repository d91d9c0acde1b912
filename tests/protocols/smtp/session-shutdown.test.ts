import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { defaultService } from "../../../src/config/mod.ts";
import { DEFAULT_SMTP_LIMITS } from "../../../src/config/smtp.ts";
import { createLogger } from "../../../src/log/logger.ts";
import { createSmtpHandler } from "../../../src/protocols/smtp/server.ts";
import { memConn } from "../../helpers/mem-conn.ts";
import { FakeBackend } from "./fake-backend.ts";
import { codes, HOST, startSession } from "./harness.ts";

const SHUTDOWN = `421 4.3.2 ${HOST} service shutting down\r\n`;

describe("SMTP session: the service stopping", () => {
  test("while waiting for a command: 421 4.3.2 and the connection closes", async () => {
    const s = await startSession();
    await s.ehlo();
    s.abort.abort();
    assert.equal((await s.reply()).raw, SHUTDOWN);
    await s.client.closed;
    await s.done;
  });

  test("in the middle of DATA: 421 4.3.2, nothing delivered", async () => {
    const s = await startSession();
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.cmd("DATA");
    await s.send("Subject: x\r\n\r\nhalf a message");
    s.abort.abort();
    assert.equal((await s.reply()).raw, SHUTDOWN);
    await s.done;
    assert.equal(s.backend.deliveries.length, 0);
  });

  test("while the backend stores a message: its reply is sent first, then 421", async () => {
    const backend = new FakeBackend();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const deliver = backend.deliver.bind(backend);
    let entered!: () => void;
    const inDeliver = new Promise<void>((r) => (entered = r));
    backend.deliver = async (...a) => {
      entered();
      await gate;
      return deliver(...a);
    };
    const s = await startSession({ backend });
    await s.ehlo();
    await s.cmd("MAIL FROM:<a@remote.test>");
    await s.cmd("RCPT TO:<alice@example.test>");
    await s.cmd("DATA");
    await s.send("x\r\n.\r\nNOOP\r\n");
    await inDeliver;
    s.abort.abort();
    release();
    assert.equal(codes(await s.reply()), "250 2.0.0", "the message in hand is finished");
    assert.equal((await s.reply()).raw, SHUTDOWN, "the pipelined NOOP is not run");
    await s.done;
    assert.equal(backend.deliveries.length, 1);
  });

  test("a session that starts after the stop gets only 421", async () => {
    const stopped = new AbortController();
    stopped.abort();
    const { conn, client } = memConn();
    const done = createSmtpHandler({ backend: new FakeBackend(), limits: DEFAULT_SMTP_LIMITS })(conn, {
      name: "smtp",
      protocol: "smtp",
      settings: defaultService("smtp"),
      hostname: HOST,
      log: createLogger({ write: () => {} }),
      signal: stopped.signal,
    });
    assert.equal((await client.reply()).raw, SHUTDOWN);
    await done;
    await client.closed;
  });
});
