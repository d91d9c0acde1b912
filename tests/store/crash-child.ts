/**
 * Child process for crash.test.ts (not a test file itself).
 *   append DIR BLOBS MAILBOX_ID  - appends messages forever from 4 concurrent writers, printing
 *                                  `ack <n> <uid>` only after each append's commit returned
 *   open DIR                      - opens the store (running migrations) and prints `opened`
 */
import { join } from "node:path";
import { openStore } from "../../src/store/mod.ts";

const [mode, dir, blobs, mailbox] = process.argv.slice(2);
const store = await openStore({ url: `file:${join(dir, "wrenmail.db")}`, dataDir: dir, blobs: blobs === "files" ? "files" : "database" });

if (mode === "open") {
  await store.close();
  process.stdout.write("opened\n");
} else {
  const mailboxId = Number(mailbox);
  let n = 0;
  process.stdout.write("ready\n");
  const writer = async () => {
    for (;;) {
      const me = n++;
      const body = new TextEncoder().encode(`Subject: crash ${me}\r\n\r\n${"x".repeat(me % 7 === 0 ? 70_000 : 200)}\r\n`);
      const { uid } = await store.messages.append({ mailboxId, blob: body });
      process.stdout.write(`ack ${me} ${uid}\n`);
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
}
