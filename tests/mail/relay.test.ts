// The open-relay battery: every classic trick to make a mail server forward mail for a stranger.
// Each is refused on port 25 without AUTH; none may ever reach the outbound queue.
import assert from "node:assert/strict";
import { test } from "node:test";
import { accept, bytes, envelope, identityOf, inbound, LOCAL, rcptCode, REMOTE, resolved, submission, withMail } from "./helpers.ts";

// [trick, RCPT argument, expected reply]
const tricks: [string, string, string][] = [
  ["plain remote recipient", `user@${REMOTE}`, "550 5.7.1"],
  ["remote recipient in angle brackets", `<user@${REMOTE}>`, "550 5.7.1"],
  ["upper/lower case mix of a remote domain", `USER@Remote.EXAMPLE.Com`, "550 5.7.1"],
  ["percent hack user%other@local", `user%${REMOTE}@${LOCAL}`, "550 5.7.1"],
  ["percent hack with a mixed-case local domain", `user%${REMOTE}@EXAMPLE.Test`, "550 5.7.1"],
  ["percent hack naming an existing local user", `alice%${REMOTE}@${LOCAL}`, "550 5.7.1"],
  ["bang path other!user@local", `${REMOTE}!user@${LOCAL}`, "550 5.7.1"],
  ["quoted at \"user@other\"@local", `"user@${REMOTE}"@${LOCAL}`, "550 5.7.1"],
  ["quoted percent \"user%other\"@local", `"user%${REMOTE}"@${LOCAL}`, "550 5.7.1"],
  ["quoted bang \"other!user\"@local", `"${REMOTE}!user"@${LOCAL}`, "550 5.7.1"],
  ["source route through us @local:user@other", `<@${LOCAL}:user@${REMOTE}>`, "550 5.7.1"],
  ["source route list @local,@local:user@other", `<@${LOCAL},@mx.${LOCAL}:user@${REMOTE}>`, "550 5.7.1"],
  ["trailing dot on a remote domain", `user@${REMOTE}.`, "553 5.1.3"],
  ["trailing dot on the local domain", `alice@${LOCAL}.`, "553 5.1.3"],
  ["percent hack with a trailing dot", `user%${REMOTE}@${LOCAL}.`, "553 5.1.3"],
  ["IPv4 loopback literal", "user@[127.0.0.1]", "550 5.7.1"],
  ["IPv4 literal naming a local user", "alice@[127.0.0.1]", "550 5.7.1"],
  ["IPv6 loopback literal", "user@[IPv6:::1]", "550 5.7.1"],
  ["percent hack at an address literal", `user%${REMOTE}@[127.0.0.1]`, "550 5.7.1"],
  ["dotted-quad domain without brackets", "user@127.0.0.1", "553 5.1.3"],
  ["hex IPv4 shorthand a URL parser would accept", "user@0x7f.1", "553 5.1.3"],
  ["percent-encoded domain", `user@${REMOTE.replace("e", "%65")}`, "553 5.1.3"],
  ["two at signs user@other@local", `user@${REMOTE}@${LOCAL}`, "553 5.1.3"],
  ["local domain as a subdomain of a remote one", `user@${LOCAL}.${REMOTE}`, "550 5.7.1"],
  ["remote domain ending in the local name", `user@evil${LOCAL}`, "550 5.7.1"],
  ["unknown TLD (no information leaked before the relay check)", "user@example.invalidtld", "550 5.7.1"],
  ["SMTPUTF8 look-alike of the local domain", "user@exämple.test", "550 5.7.1"],
];

for (const [trick, rcpt, want] of tricks) {
  test(`open relay: ${trick} (${rcpt}) is refused unauthenticated`, async () => {
    await withMail(async ({ store, backend }) => {
      assert.equal(await rcptCode(backend, inbound(), rcpt), want);
      assert.deepEqual(await store.queue.list(), []);
    });
  });
}

test("open relay: a look-alike domain without SMTPUTF8 is refused before any lookup", async () => {
  await withMail(async ({ backend }) => {
    assert.equal(await rcptCode(backend, inbound({ smtputf8: false }), "user@exämple.test"), "553 5.6.7");
  });
});

test("open relay: the same tricks from an authenticated client are refused or judged by the final domain", async () => {
  await withMail(async ({ store, backend }) => {
    const s = submission(await identityOf(store, `alice@${LOCAL}`));
    assert.equal(await rcptCode(backend, s, `user%${REMOTE}@${LOCAL}`), "550 5.7.1", "never forwarded, even for a user");
    assert.equal(await rcptCode(backend, s, `"user@${REMOTE}"@${LOCAL}`), "550 5.7.1");
    assert.equal(await rcptCode(backend, s, `${REMOTE}!user@${LOCAL}`), "550 5.7.1");
    assert.equal(await rcptCode(backend, s, "user@[192.0.2.1]"), "550 5.7.1", "no relaying to address literals");
    assert.equal(await rcptCode(backend, s, "user@example.invalidtld"), "550 5.1.2");
    const routed = await accept(backend, s, `<@${LOCAL}:user@${REMOTE}>`);
    assert.deepEqual(resolved(routed), { accounts: [], remote: [`user@${REMOTE}`] });
    assert.equal(routed.local, false);
  });
});

test("open relay: case mixes and source routes ending in a local address deliver locally", async () => {
  await withMail(async ({ backend }) => {
    for (const rcpt of [`ALICE@EXAMPLE.TEST`, `<@${REMOTE}:alice@${LOCAL}>`, `"alice"@${LOCAL}`]) {
      const r = await accept(backend, inbound(), rcpt);
      assert.deepEqual(resolved(r), { accounts: [`alice@${LOCAL}`], remote: [] }, rcpt);
      assert.equal(r.local, true);
    }
  });
});

test("relay: an authenticated client's remote recipient is queued with the original bytes", async () => {
  await withMail(async ({ store, backend }) => {
    const s = submission(await identityOf(store, `alice@${LOCAL}`));
    const r = await accept(backend, s, `Bob.Remote@Remote.Example.COM`);
    assert.equal(r.local, false);
    const msg = bytes("Subject: out\r\n\r\nhello\r\n");
    const reply = await backend.deliver(s, envelope(`alice@${LOCAL}`, [r]), msg);
    assert.equal(reply.code, 250);
    const [q] = await store.queue.list();
    assert.equal(q.status, "queued");
    assert.equal(q.sender, `alice@${LOCAL}`);
    assert.deepEqual(q.recipients, [`Bob.Remote@${REMOTE}`]);
    assert.deepEqual(await store.blobs.get(q.blobId), msg, "no Return-Path on mail that leaves");
  });
});

test("relay: a port-25 session that authenticated may relay too", async () => {
  await withMail(async ({ store, backend }) => {
    const s = inbound({ identity: await identityOf(store, `bob@${LOCAL}`) });
    assert.equal(await rcptCode(backend, s, `x@${REMOTE}`), "accepted");
  });
});
