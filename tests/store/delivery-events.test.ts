/**
 * Change events from SMTP delivery, end to end: the whole server, a real SMTP client (swaks) over
 * loopback, and a watcher on the recipient's INBOX as an IMAP IDLE session would have.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/mod.ts";
import { createMailServer, type MailServer } from "../../src/server.ts";
import type { MailChange } from "../../src/store/mod.ts";
import { writeTestConfig } from "../helpers/config.ts";
import { run } from "../helpers/net.ts";

describe("store change events from SMTP delivery (swaks)", () => {
  let dir: string;
  let ports: Record<string, number>;
  let server: MailServer;

  async function swaks(to: string, subject: string) {
    const path = join(dir, `${subject}.eml`);
    await writeFile(path, `From: <sender@outside.org>\r\nSubject: ${subject}\r\n\r\nhello`);
    return run("swaks", ["--server", "127.0.0.1", "--port", String(ports.smtp), "--from", "sender@outside.org", "--to", to, "--data", `@${path}`], { ms: 30_000 });
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "wrenmail-store-events-"));
    ({ ports } = await writeTestConfig(dir));
    server = createMailServer(await loadConfig(join(dir, "wrenmail.yaml")), { write: () => {}, graceMs: 200 });
    await server.start();
    await server.store.domains.add("example.test");
    await server.store.accounts.add({ address: "bob@example.test", password: "bob-pw-1" });
    await server.store.accounts.add({ address: "carol@example.test", password: "carol-pw-1", quota: 10 });
  });
  after(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test("a delivered message is announced once, after it is readable; a refused one (over quota) is not", async () => {
    const store = server.store;
    const bob = (await store.accounts.get("bob@example.test"))!;
    const carol = (await store.accounts.get("carol@example.test"))!;
    const bobInbox = (await store.mailboxes.get(bob.id, "INBOX"))!.id;
    const events: MailChange[] = [];
    const readable: Promise<string | null>[] = [];
    const off = store.changes.watchMailbox(bobInbox, (c) => {
      events.push(c);
      if (c.kind === "append") readable.push(store.messages.body(bobInbox, c.uids[0]).then((b) => b && new TextDecoder().decode(b)));
    });
    const carolEvents: MailChange[] = [];
    const offCarol = store.changes.watchAccount(carol.id, (c) => carolEvents.push(c));
    try {
      const r = await swaks("bob@example.test", "evented");
      assert.equal(r.code, 0, r.stderr + r.stdout);
      assert.equal(events.length, 1, "announced when the 250 was sent");
      const [e] = events;
      assert.equal(e.kind, "append");
      assert.deepEqual(e.kind === "append" && e.uids, await store.messages.uids(bobInbox));
      assert.match((await readable[0])!, /Subject: evented/);

      const refused = await swaks("carol@example.test", "too-big-for-carol");
      assert.notEqual(refused.code, 0);
      assert.match(refused.stdout + refused.stderr, /552/);
      assert.deepEqual(carolEvents, []);
    } finally {
      off();
      offCarol();
    }
  });
});
