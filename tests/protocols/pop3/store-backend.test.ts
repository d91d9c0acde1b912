import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createPop3StoreBackend } from "../../../src/protocols/pop3/store-backend.ts";
import { bytes, text, withStore } from "../../store/helpers.ts";

describe("POP3 store backend", () => {
  test("login: the identity for the right password; null for a wrong one, an unknown user, a disabled account or garbage", async () => {
    await withStore(async (store) => {
      await store.domains.add("example.test");
      const alice = await store.accounts.add({ address: "alice@example.test", password: "alice-pw" });
      await store.accounts.add({ address: "off@example.test", password: "off-pw" });
      await store.accounts.setEnabled("off@example.test", false);
      const b = createPop3StoreBackend(store);
      assert.deepEqual(await b.authenticate("alice@example.test", "alice-pw"), { accountId: alice.id, address: "alice@example.test" });
      assert.deepEqual(await b.authenticate("ALICE@Example.Test", "alice-pw"), { accountId: alice.id, address: "alice@example.test" });
      assert.equal(await b.authenticate("alice@example.test", "wrong"), null);
      assert.equal(await b.authenticate("nobody@example.test", "alice-pw"), null);
      assert.equal(await b.authenticate("off@example.test", "off-pw"), null);
      assert.equal(await b.authenticate("not an address", "x"), null);
    });
  });

  test("the INBOX: UIDVALIDITY, scan in UID order with sizes, bodies, one expunge; other mailboxes are not seen", async () => {
    await withStore(async (store) => {
      await store.domains.add("example.test");
      const a = await store.accounts.add({ address: "alice@example.test", password: "alice-pw" });
      const inbox = (await store.mailboxes.get(a.id, "INBOX"))!;
      const sent = (await store.mailboxes.get(a.id, "Sent"))!;
      const uids: number[] = [];
      for (const m of ["one\r\n", "two two\r\n", "three three three\r\n"]) uids.push((await store.messages.append({ mailboxId: inbox.id, blob: bytes(m) })).uid);
      await store.messages.append({ mailboxId: sent.id, blob: bytes("not in POP3\r\n") });
      const box = await createPop3StoreBackend(store).open({ accountId: a.id, address: a.address });
      assert.equal(box.uidValidity, inbox.uidValidity);
      const listed: { uid: number; size: number }[] = [];
      for await (const e of box.scan()) listed.push(e);
      assert.deepEqual(listed, [{ uid: uids[0], size: 5 }, { uid: uids[1], size: 9 }, { uid: uids[2], size: 19 }]);
      assert.equal(text(await box.body(uids[1]!)), "two two\r\n");
      assert.equal(await box.body(9999), null);
      assert.equal(await box.expunge([uids[0]!, uids[2]!, 9999]), 2);
      assert.equal(await box.body(uids[0]!), null);
      assert.deepEqual(await store.messages.uids(inbox.id), [uids[1]]);
      assert.equal((await store.accounts.get("alice@example.test"))!.usedBytes, 9 + 13, "quota freed");
    });
  });
});
