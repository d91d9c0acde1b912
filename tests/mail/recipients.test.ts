import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_ALIAS_DEPTH } from "../../src/mail/expand.ts";
import { accept, identityOf, inbound, LOCAL, rcptCode, REMOTE, resolved, submission, withMail } from "./helpers.ts";

const A = `alice@${LOCAL}`;
const B = `bob@${LOCAL}`;

test("recipients: a local account, its local part ignoring case, and an unknown user", async () => {
  await withMail(async ({ backend }) => {
    assert.deepEqual(resolved(await accept(backend, inbound(), `<Alice@${LOCAL}>`)), { accounts: [A], remote: [] });
    assert.equal(await rcptCode(backend, inbound(), `nobody@${LOCAL}`), "550 5.1.1");
  });
});

test("recipients: the accepted recipient keeps the address as given and the DSN parameters", async () => {
  await withMail(async ({ backend }) => {
    const dsn = { notify: ["FAILURE"], orcpt: `rfc822;alice@${LOCAL}` };
    const r = await backend.checkRecipient(inbound(), `<ALICE@${LOCAL}>`, dsn);
    assert.ok(r.ok);
    assert.equal(r.recipient.address, `<ALICE@${LOCAL}>`);
    assert.deepEqual(r.recipient.dsn, dsn);
  });
});

test("recipients: plus-addressing reaches the base account or alias; an exact alias wins over it", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`sales@${LOCAL}`, [B]);
    await store.aliases.add(`alice+spam@${LOCAL}`, [B]);
    assert.deepEqual(resolved(await accept(backend, inbound(), `alice+news@${LOCAL}`)), { accounts: [A], remote: [] });
    assert.deepEqual(resolved(await accept(backend, inbound(), `ALICE+News+More@${LOCAL}`)), { accounts: [A], remote: [] });
    assert.deepEqual(resolved(await accept(backend, inbound(), `sales+q3@${LOCAL}`)), { accounts: [B], remote: [] });
    assert.deepEqual(resolved(await accept(backend, inbound(), `alice+spam@${LOCAL}`)), { accounts: [B], remote: [] });
    assert.equal(await rcptCode(backend, inbound(), `+tag@${LOCAL}`), "550 5.1.1", "no base before the +");
    assert.equal(await rcptCode(backend, inbound(), `nobody+tag@${LOCAL}`), "550 5.1.1");
  });
});

test("recipients: an alias to several destinations, local and remote, nested, from an unauthenticated sender", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`team@${LOCAL}`, [A, B, `partner@${REMOTE}`]);
    await store.aliases.add(`all@${LOCAL}`, [`team@${LOCAL}`, A, `ceo@${REMOTE}`]);
    const team = await accept(backend, inbound(), `Team@${LOCAL}`);
    assert.deepEqual(resolved(team), { accounts: [A, B], remote: [`partner@${REMOTE}`] });
    assert.equal(team.local, true, "the address is ours even though it also forwards");
    assert.deepEqual(resolved(await accept(backend, inbound(), `all@${LOCAL}`)), { accounts: [A, B], remote: [`ceo@${REMOTE}`, `partner@${REMOTE}`] });
  });
});

test("recipients: catch-all; the @domain alias wins over the domain's catchAll; accounts and aliases win over both", async () => {
  await withMail(async ({ store, backend }) => {
    await store.domains.add("catch.test", { catchAll: A });
    await store.accounts.add({ address: "carol@catch.test", password: "pw" });
    assert.deepEqual(resolved(await accept(backend, inbound(), "anything@catch.test")), { accounts: [A], remote: [] });
    await store.aliases.add("@catch.test", [B]);
    assert.deepEqual(resolved(await accept(backend, inbound(), "anything@catch.test")), { accounts: [B], remote: [] });
    assert.deepEqual(resolved(await accept(backend, inbound(), "carol+x@catch.test")), { accounts: ["carol@catch.test"], remote: [] });
    assert.equal(await rcptCode(backend, inbound(), `anything@${LOCAL}`), "550 5.1.1", "no catch-all in the other domain");
    await store.aliases.remove("@catch.test");
    await store.domains.setCatchAll("catch.test", null);
    assert.equal(await rcptCode(backend, inbound(), "anything@catch.test"), "550 5.1.1");
  });
});

test("recipients: a catch-all still refuses routing local parts", async () => {
  await withMail(async ({ store, backend }) => {
    await store.domains.setCatchAll(LOCAL, A);
    assert.equal(await rcptCode(backend, inbound(), `user%${REMOTE}@${LOCAL}`), "550 5.7.1");
    assert.equal(await rcptCode(backend, inbound(), `whoever@${LOCAL}`), "accepted");
  });
});

test("recipients: disabled account or domain is 550 5.2.1; a disabled target inside an alias is skipped", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`team@${LOCAL}`, [A, B]);
    await store.accounts.setEnabled(B, false);
    assert.equal(await rcptCode(backend, inbound(), B), "550 5.2.1");
    assert.deepEqual(resolved(await accept(backend, inbound(), `team@${LOCAL}`)), { accounts: [A], remote: [] });
    await store.accounts.setEnabled(A, false);
    assert.equal(await rcptCode(backend, inbound(), `team@${LOCAL}`), "550 5.2.1");
    await store.accounts.setEnabled(A, true);
    await store.domains.setEnabled(LOCAL, false);
    assert.equal(await rcptCode(backend, inbound(), A), "550 5.2.1");
  });
});

test("recipients: a dangling alias destination is skipped and logged; nothing left is 550 5.1.1", async () => {
  await withMail(async ({ store, backend, logged }) => {
    await store.aliases.add(`old@${LOCAL}`, [`gone@${LOCAL}`]);
    await store.aliases.add(`mixed@${LOCAL}`, [`gone@${LOCAL}`, A]);
    assert.equal(await rcptCode(backend, inbound(), `old@${LOCAL}`), "550 5.1.1");
    assert.deepEqual(resolved(await accept(backend, inbound(), `mixed@${LOCAL}`)), { accounts: [A], remote: [] });
    assert.ok(logged.some((l) => l.includes("gone@example.test")));
  });
});

test("recipients: alias loops are cut; a loop with no way out is 550 5.4.6", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`a@${LOCAL}`, [`b@${LOCAL}`]);
    await store.aliases.add(`b@${LOCAL}`, [`A@${LOCAL}`]);
    await store.aliases.add(`self@${LOCAL}`, [`self+x@${LOCAL}`]);
    await store.aliases.add(`c@${LOCAL}`, [`d@${LOCAL}`, A]);
    await store.aliases.add(`d@${LOCAL}`, [`c@${LOCAL}`, A]);
    assert.equal(await rcptCode(backend, inbound(), `a@${LOCAL}`), "550 5.4.6");
    assert.equal(await rcptCode(backend, inbound(), `self@${LOCAL}`), "550 5.4.6");
    assert.deepEqual(resolved(await accept(backend, inbound(), `c@${LOCAL}`)), { accounts: [A], remote: [] }, "delivered once");
  });
});

test("recipients: a catch-all that points into its own domain loops, refused", async () => {
  await withMail(async ({ store, backend }) => {
    await store.domains.add("loop.test");
    await store.aliases.add("@loop.test", ["x@loop.test"]);
    assert.equal(await rcptCode(backend, inbound(), "anything@loop.test"), "550 5.4.6");
  });
});

test(`recipients: alias chains deeper than ${MAX_ALIAS_DEPTH} are refused, shorter ones resolve`, async () => {
  await withMail(async ({ store, backend }) => {
    const chain = async (name: string, hops: number) => {
      for (let i = 0; i < hops; i++) await store.aliases.add(`${name}${i}@${LOCAL}`, [i + 1 < hops ? `${name}${i + 1}@${LOCAL}` : A]);
    };
    await chain("ok", MAX_ALIAS_DEPTH);
    await chain("deep", MAX_ALIAS_DEPTH + 1);
    assert.deepEqual(resolved(await accept(backend, inbound(), `ok0@${LOCAL}`)), { accounts: [A], remote: [] });
    assert.equal(await rcptCode(backend, inbound(), `deep0@${LOCAL}`), "550 5.4.6");
  });
});

test("recipients: a fan-out too large to expand is refused, not walked forever", async () => {
  await withMail(async ({ store, backend }) => {
    // Each level doubles the walk: 2^9 paths to the leaves, far above the step limit.
    for (let i = 0; i < 9; i++) await store.aliases.add(`f${i}@${LOCAL}`, [`f${i + 1}@${LOCAL}`, `f${i + 1}+x@${LOCAL}`]);
    await store.aliases.add(`f9@${LOCAL}`, [A]);
    assert.equal(await rcptCode(backend, inbound(), `f0@${LOCAL}`), "550 5.4.6");
  });
});

test("recipients: a disabled alias does not apply; the catch-all does", async () => {
  await withMail(async ({ store, backend }) => {
    await store.aliases.add(`off@${LOCAL}`, [B]);
    await store.client.execute({ sql: "UPDATE aliases SET enabled = 0 WHERE source = ?", args: [`off@${LOCAL}`] });
    assert.equal(await rcptCode(backend, inbound(), `off@${LOCAL}`), "550 5.1.1");
    await store.domains.setCatchAll(LOCAL, A);
    assert.deepEqual(resolved(await accept(backend, inbound(), `off@${LOCAL}`)), { accounts: [A], remote: [] });
  });
});

test("recipients: bare Postmaster goes to the configured address, else 550 5.1.1", async () => {
  await withMail(async ({ backend }) => {
    assert.equal(await rcptCode(backend, inbound(), "<Postmaster>"), "550 5.1.1");
  });
  await withMail(async ({ backend }) => {
    assert.deepEqual(resolved(await accept(backend, inbound(), "<Postmaster>")), { accounts: [A], remote: [] });
    assert.deepEqual(resolved(await accept(backend, inbound(), "postmaster")), { accounts: [A], remote: [] });
  }, { backend: { postmaster: A } });
  // A postmaster address outside our domains is never relayed, even for an authenticated client.
  await withMail(async ({ store, backend }) => {
    assert.equal(await rcptCode(backend, inbound(), "<Postmaster>"), "550 5.1.1");
    assert.equal(await rcptCode(backend, submission(await identityOf(store, A)), "<Postmaster>"), "550 5.1.1");
  }, { backend: { postmaster: `postmaster@${REMOTE}` } });
});

test("recipients: non-ASCII local parts are refused when the session says SMTPUTF8 is off", async () => {
  await withMail(async ({ store, backend }) => {
    await store.accounts.add({ address: `josé@${LOCAL}`, password: "pw" });
    assert.equal(await rcptCode(backend, inbound({ smtputf8: false }), `josé@${LOCAL}`), "553 5.6.7");
    assert.deepEqual(resolved(await accept(backend, inbound({ smtputf8: true }), `josé@${LOCAL}`)), { accounts: [`josé@${LOCAL}`], remote: [] });
    // The session refuses non-ASCII paths without SMTPUTF8 itself and does not pass the flag.
    assert.deepEqual(resolved(await accept(backend, inbound(), `josé@${LOCAL}`)), { accounts: [`josé@${LOCAL}`], remote: [] });
  });
});

test("recipients: quota already used up is 452 4.2.2 at RCPT, directly or through an alias", async () => {
  await withMail(async ({ store, backend }) => {
    await store.accounts.add({ address: `full@${LOCAL}`, password: "pw", quota: 10 });
    await store.aliases.add(`both@${LOCAL}`, [A, `full@${LOCAL}`]);
    const box = (await store.mailboxes.get((await store.accounts.get(`full@${LOCAL}`))!.id, "INBOX"))!;
    assert.equal(await rcptCode(backend, inbound(), `full@${LOCAL}`), "accepted", "room left");
    await store.messages.append({ mailboxId: box.id, blob: new Uint8Array(10) });
    assert.equal(await rcptCode(backend, inbound(), `full@${LOCAL}`), "452 4.2.2");
    assert.equal(await rcptCode(backend, inbound(), `both@${LOCAL}`), "452 4.2.2");
    await store.accounts.setQuota(`full@${LOCAL}`, 0);
    assert.equal(await rcptCode(backend, inbound(), `full@${LOCAL}`), "accepted", "0 is unlimited");
  });
});
