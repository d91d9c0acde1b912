import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { createLogger } from "../../src/log/logger.ts";
import { createSmtpBackend } from "../../src/mail/backend.ts";
import type { Store } from "../../src/store/mod.ts";
import { accept, blobRows, bytes, codes, envelope, identityOf, inbound, inbox, LOCAL, REMOTE, submission, withMail } from "./helpers.ts";

const A = `alice@${LOCAL}`;
const B = `bob@${LOCAL}`;

async function fileBlobs(dir: string): Promise<number> {
  let n = 0;
  for (const shard of await readdir(join(dir, "blobs")).catch(() => [] as string[])) n += (await readdir(join(dir, "blobs", shard))).length;
  return n;
}

async function nothingStored(store: Store, dir: string): Promise<void> {
  for (const who of [A, B]) assert.deepEqual(await inbox(store, who), [], `${who} got a copy`);
  assert.deepEqual(await store.queue.list(), []);
  assert.equal(await blobRows(store), 0, "database bodies");
  assert.equal(await fileBlobs(dir), 0, "file bodies");
  for (const who of [A, B]) assert.equal((await store.accounts.get(who))?.usedBytes, 0);
}

test("deliver: the stored message is Return-Path plus the original bytes, exactly", async () => {
  await withMail(async ({ store, backend }) => {
    // 8-bit bytes that are not UTF-8, a bare LF and a NUL must all survive untouched.
    const msg = new Uint8Array([...bytes("Received: from x\r\nSubject: hi\r\n\r\n"), 0xff, 0xfe, 0x00, 0x0a, ...bytes("end\r\n")]);
    const r = await accept(backend, inbound(), A);
    const reply = await backend.deliver(inbound(), envelope(`Sender@Remote.Example.COM`, [r]), msg);
    assert.equal(codes(reply), "250 2.0.0");
    assert.match(reply.text, /^OK queued as [0-9a-f]{16}$/);
    const a = (await store.accounts.get(A))!;
    const [m] = await store.messages.list((await store.mailboxes.get(a.id, "INBOX"))!.id);
    const stored = (await store.blobs.get(m.blobId))!;
    const head = bytes(`Return-Path: <Sender@${REMOTE}>\r\n`);
    assert.deepEqual(stored, new Uint8Array([...head, ...msg]));
    assert.equal(m.size, stored.byteLength);
    assert.equal((await store.accounts.get(A))?.usedBytes, stored.byteLength);
  });
});

test("deliver: the null sender gets Return-Path: <>", async () => {
  await withMail(async ({ store, backend }) => {
    const r = await accept(backend, inbound(), A);
    assert.equal((await backend.deliver(inbound(), envelope("", [r]), bytes("x\r\n"))).code, 250);
    assert.deepEqual(await inbox(store, A), ["Return-Path: <>\r\nx\r\n"]);
  });
});

test("deliver: targets are deduplicated across recipients (alias + direct, plus-address, repeats)", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`team@${LOCAL}`, [A, B, `x@${REMOTE}`]);
    await store.aliases.add(`fwd@${LOCAL}`, [`x@${REMOTE}`]);
    const rcpts = [];
    for (const r of [A, `team@${LOCAL}`, `alice+tag@${LOCAL}`, `fwd@${LOCAL}`, A]) rcpts.push(await accept(backend, inbound(), r));
    assert.equal((await backend.deliver(inbound(), envelope(`s@${REMOTE}`, rcpts), bytes("m\r\n"))).code, 250);
    assert.equal((await inbox(store, A)).length, 1);
    assert.equal((await inbox(store, B)).length, 1);
    const q = await store.queue.list();
    assert.equal(q.length, 1);
    assert.deepEqual(q[0].recipients, [`x@${REMOTE}`]);
  });
});

test("deliver: local copies and the queue entry of one message in one go; each copy its own body", async () => {
  await withMail(async ({ store, backend }) => {
    const s = submission(await identityOf(store, A));
    const rcpts = [await accept(backend, s, B), await accept(backend, s, A), await accept(backend, s, `y@${REMOTE}`), await accept(backend, s, `z@${REMOTE}`)];
    assert.equal((await backend.deliver(s, envelope(A, rcpts), bytes("body\r\n"))).code, 250);
    assert.deepEqual(await inbox(store, A), [`Return-Path: <${A}>\r\nbody\r\n`]);
    assert.deepEqual(await inbox(store, B), [`Return-Path: <${A}>\r\nbody\r\n`]);
    const [q] = await store.queue.list();
    assert.deepEqual(q.recipients, [`y@${REMOTE}`, `z@${REMOTE}`]);
    assert.equal(await blobRows(store), 3);
  });
});

for (const kind of ["database", "files"] as const) {
  test(`deliver (${kind} blobs): a message bigger than a recipient's remaining quota is 552 5.2.2 and nobody gets it`, async () => {
    await withMail(async ({ store, backend, dir }) => {
      await store.accounts.setQuota(B, 40);
      const rcpts = [await accept(backend, inbound(), A), await accept(backend, inbound(), B)];
      const reply = await backend.deliver(inbound(), envelope(`s@${REMOTE}`, rcpts), bytes("x".repeat(100)));
      assert.equal(codes(reply), "552 5.2.2");
      await nothingStored(store, dir);
      await store.accounts.setQuota(B, 0);
      assert.equal((await backend.deliver(inbound(), envelope(`s@${REMOTE}`, rcpts), bytes("x".repeat(100)))).code, 250, "the retry");
      assert.equal((await inbox(store, A)).length, 1, "exactly one copy after failure and retry");
    }, { blobs: kind });
  });

  test(`deliver (${kind} blobs): a failure injected after the local copies, inside the transaction, keeps nothing`, async () => {
    await withMail(async ({ store, dir }) => {
      let fail = true;
      const faulty: Store = {
        ...store,
        queue: {
          ...store.queue,
          enqueueIn: async (...args: Parameters<Store["queue"]["enqueueIn"]>) => {
            if (fail) throw new Error("injected: disk on fire");
            return store.queue.enqueueIn(...args);
          },
        } as Store["queue"],
      };
      const logged: string[] = [];
      const backend = createSmtpBackend({ store: faulty, log: createLogger({ write: (l) => logged.push(l) }) });
      const s = submission(await identityOf(store, A));
      const rcpts = [await accept(backend, s, A), await accept(backend, s, B), await accept(backend, s, `y@${REMOTE}`)];
      const reply = await backend.deliver(s, envelope(A, rcpts), bytes("m\r\n"));
      assert.equal(codes(reply), "451 4.3.0");
      assert.ok(logged.some((l) => l.includes("injected: disk on fire")), "the cause is logged");
      await nothingStored(store, dir);
      fail = false;
      assert.equal((await backend.deliver(s, envelope(A, rcpts), bytes("m\r\n"))).code, 250);
      assert.equal((await inbox(store, A)).length, 1);
      assert.equal((await inbox(store, B)).length, 1);
      assert.equal((await store.queue.list()).length, 1);
    }, { blobs: kind });
  });
}

test("deliver: a recipient account removed between RCPT and DATA is 451 4.3.0 and nothing is stored", async () => {
  await withMail(async ({ store, backend, dir }) => {
    const rcpts = [await accept(backend, inbound(), A), await accept(backend, inbound(), B)];
    await store.accounts.remove(B);
    assert.equal(codes(await backend.deliver(inbound(), envelope("", rcpts), bytes("m"))), "451 4.3.0");
    assert.deepEqual(await inbox(store, A), []);
    assert.equal(await blobRows(store), 0);
    assert.equal(await fileBlobs(dir), 0);
  });
});

test("deliver: a recipient not resolved by this backend is refused, not guessed at", async () => {
  await withMail(async ({ store, backend }) => {
    const forged = { address: A, local: true, targets: { accounts: [{ accountId: 1 }] } };
    assert.equal(codes(await backend.deliver(inbound(), envelope("", [forged]), bytes("m"))), "451 4.3.0");
    assert.equal(codes(await backend.deliver(inbound(), envelope("", []), bytes("m"))), "554 5.5.1");
    assert.deepEqual(await inbox(store, A), []);
  });
});

test("deliver: a sender the queue cannot use is refused when forwarding, fine for local delivery", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`fwd@${LOCAL}`, [`x@${REMOTE}`]);
    const fwd = await accept(backend, inbound(), `fwd@${LOCAL}`);
    const local = await accept(backend, inbound(), A);
    assert.equal(codes(await backend.deliver(inbound(), envelope("bounce@[192.0.2.1]", [fwd]), bytes("m"))), "550 5.1.7");
    assert.equal((await backend.deliver(inbound(), envelope("bounce@[192.0.2.1]", [local]), bytes("m"))).code, 250);
    assert.deepEqual(await inbox(store, A), ["Return-Path: <bounce@[192.0.2.1]>\r\nm"]);
    assert.equal(codes(await backend.deliver(inbound(), envelope("bad\r\nX-Evil: 1", [local]), bytes("m"))), "553 5.1.7", "no header injection");
  });
});
