// Local delivery stores the MIME summary of each copy as stored (Return-Path included), so IMAP
// reads it instead of parsing; a summary that cannot be stored never costs the message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { section, summarize, type MessageSummary } from "../../src/mime/mod.ts";
import type { Store } from "../../src/store/mod.ts";
import { accept, envelope, inbound, LOCAL, REMOTE, withMail } from "../mail/helpers.ts";
import { fixtures } from "./fixtures.ts";
import { ascii } from "./helpers.ts";

async function stored(store: Store, address: string) {
  const a = (await store.accounts.get(address))!;
  const rows = await store.messages.list((await store.mailboxes.get(a.id, "INBOX"))!.id);
  return Promise.all(rows.map(async (m) => ({ summary: m.summary, bytes: (await store.blobs.get(m.blobId))! })));
}

test("every local copy gets the summary of its stored bytes, Return-Path included", async () => {
  await withMail(async ({ store, backend }) => {
    const rcpts = [await accept(backend, inbound(), `alice@${LOCAL}`), await accept(backend, inbound(), `bob@${LOCAL}`)];
    const reply = await backend.deliver(inbound(), envelope(`sender@${REMOTE}`, rcpts), fixtures.forwarded);
    assert.equal(reply.code, 250);
    for (const who of ["alice", "bob"]) {
      const [m] = await stored(store, `${who}@${LOCAL}`);
      assert.ok(m.summary, `${who}: a summary was stored`);
      const s = JSON.parse(m.summary!) as MessageSummary;
      assert.deepEqual(s, summarize(m.bytes));
      assert.equal(s.part.bodyEnd, m.bytes.length);
      assert.ok(ascii(section(m.bytes, s, { path: [], text: "HEADER" }))!.startsWith(`Return-Path: <sender@${REMOTE}>\r\n`));
      assert.equal(ascii(section(m.bytes, s, { path: [2], text: "HEADER.FIELDS", fields: ["subject"] })), "Subject: inner\r\n\r\n");
    }
  });
});

test("a summary too large for the store is left out (and logged); the message is still delivered", async () => {
  await withMail(async ({ store, backend, logged }) => {
    // 10,000 parts, each with a long description: far past the store's 1 MiB summary limit.
    let text = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
    for (let i = 0; i < 10_000; i++) text += `--b\r\nContent-Description: ${"d".repeat(100)}\r\n\r\n${i}\r\n`;
    const msg = new TextEncoder().encode(text + "--b--\r\n");
    const r = await accept(backend, inbound(), `alice@${LOCAL}`);
    assert.equal((await backend.deliver(inbound(), envelope(`sender@${REMOTE}`, [r]), msg)).code, 250);
    const [m] = await stored(store, `alice@${LOCAL}`);
    assert.equal(m.summary, null);
    assert.equal(m.bytes.length, msg.length + `Return-Path: <sender@${REMOTE}>\r\n`.length);
    assert.ok(logged.some((l) => l.includes("MIME summary too large")), logged.join("\n"));
  });
});
