import assert from "node:assert/strict";
import { test } from "node:test";
import { codes, identityOf, inbound, LOCAL, REMOTE, submission, withMail } from "./helpers.ts";

const A = `alice@${LOCAL}`;
const B = `bob@${LOCAL}`;

test("sender: an authenticated user may send as own address, plus-address, aliases that reach them, or <>", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`sales@${LOCAL}`, [A]);
    await store.aliases.add(`team@${LOCAL}`, [A, B]);
    await store.aliases.add(`front@${LOCAL}`, [`team@${LOCAL}`]);
    const alice = submission(await identityOf(store, A));
    const bob = submission(await identityOf(store, B));
    for (const from of [A, `<${A}>`, `ALICE@Example.Test`, `alice+lists@${LOCAL}`, `sales@${LOCAL}`, `team@${LOCAL}`, `front@${LOCAL}`, "", "<>"]) {
      assert.equal(codes(await backend.checkSender(alice, from)), "accepted", from);
    }
    for (const from of [`team@${LOCAL}`, `front@${LOCAL}`]) assert.equal(codes(await backend.checkSender(bob, from)), "accepted", from);
  });
});

test("sender: an authenticated user may not send as anybody else", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`sales@${LOCAL}`, [B]);
    await store.domains.setCatchAll(LOCAL, A);
    const alice = submission(await identityOf(store, A));
    for (const from of [B, `bob+x@${LOCAL}`, `sales@${LOCAL}`, `alice@${REMOTE}`, `unused@${LOCAL}`, `alice%${REMOTE}@${LOCAL}`, "alice@[127.0.0.1]", `"alice bob"@${LOCAL}`]) {
      assert.equal(codes(await backend.checkSender(alice, from)), "553 5.7.1", `${from} (the catch-all does not make every unused address hers)`);
    }
    assert.equal((await backend.checkSender(alice, B))?.text, "sender address not owned by you");
  });
});

test("sender: ownership follows the account, not the session's address spelling", async () => {
  await withMail(async ({ store, backend }) => {
    const alice = await identityOf(store, A);
    const bobId = (await identityOf(store, B)).accountId;
    assert.equal(codes(await backend.checkSender(submission({ ...alice, accountId: bobId }), A)), "553 5.7.1");
  });
});

test("sender: unauthenticated port 25 checks syntax (and a real TLD) only", async () => {
  await withMail(async ({ backend }) => {
    for (const from of [`someone@${REMOTE}`, `"john doe"@${REMOTE}`, "bounce@[192.0.2.1]", `<@relay.example.net:x@${REMOTE}>`, `spoof@${LOCAL}`, "", "<>"]) {
      assert.equal(codes(await backend.checkSender(inbound(), from)), "accepted", from);
    }
    assert.equal(codes(await backend.checkSender(inbound(), "no-at-sign")), "553 5.1.7");
    assert.equal(codes(await backend.checkSender(inbound(), `a..b@${REMOTE}`)), "553 5.1.7");
    assert.equal(codes(await backend.checkSender(inbound(), "x@example.invalidtld")), "553 5.1.8");
    assert.equal(codes(await backend.checkSender(inbound({ smtputf8: false }), `josé@${REMOTE}`)), "553 5.6.7");
    assert.equal(codes(await backend.checkSender(inbound(), `josé@${REMOTE}`)), "accepted", "the session enforces SMTPUTF8 itself");
    assert.equal(codes(await backend.checkSender(inbound({ smtputf8: true }), `josé@${REMOTE}`)), "accepted");
  });
});

test("sender: submission and smtps without AUTH are refused with 530 5.7.0", async () => {
  await withMail(async ({ backend }) => {
    for (const service of ["submission", "smtps"] as const) {
      assert.equal(codes(await backend.checkSender(inbound({ service }), `someone@${REMOTE}`)), "530 5.7.0");
      assert.equal(codes(await backend.checkSender(inbound({ service }), "")), "530 5.7.0");
    }
  });
});

test("authenticate: full address with any domain case, right password; wrong, unknown and disabled alike null", async () => {
  await withMail(async ({ store, backend }) => {
    const alice = await identityOf(store, A);
    assert.deepEqual(await backend.authenticate(A, "pw"), alice);
    assert.deepEqual(await backend.authenticate("alice@EXAMPLE.Test", "pw"), alice);
    assert.deepEqual(await backend.authenticate("Alice@example.test", "pw"), alice);
    assert.equal(await backend.authenticate(A, "wrong"), null);
    assert.equal(await backend.authenticate(`nobody@${LOCAL}`, "pw"), null);
    assert.equal(await backend.authenticate("alice", "pw"), null, "the login name is the full address");
    await store.accounts.setEnabled(A, false);
    assert.equal(await backend.authenticate(A, "pw"), null);
  });
});
