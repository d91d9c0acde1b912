import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Fixture, fixture } from "./harness.ts";

const MSG = (n: number) => `From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nSubject: message ${n}\r\nMessage-ID: <m${n}@example.test>\r\n\r\nBody of message ${n}\r\n`;

describe("IMAP session: messages (APPEND, FETCH, STORE, COPY, MOVE, EXPUNGE)", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("APPEND with flags and date answers APPENDUID; FETCH returns the bytes exactly and sets \\Seen", async () => {
    const s = await f.session();
    await s.login("bob");
    const msg = MSG(1);
    await s.send(`a1 APPEND Drafts (\\Draft $Label) "05-Jan-2025 10:20:30 +0100" {${msg.length}}\r\n`);
    await s.waitFor(/^\+ /);
    await s.send(msg + "\r\n");
    const r = await s.answer("a1");
    assert.match(r.tagged, /^OK \[APPENDUID \d+ 1\] APPEND completed$/);
    // The MIME summary is stored with it, as at delivery: FETCH ENVELOPE never parses the message.
    const bob = await f.store.accounts.get("bob@example.test");
    const drafts = await f.store.mailboxes.get(bob!.id, "Drafts");
    assert.match((await f.store.messages.summary(drafts!.id, 1)) ?? "", /"subject":"message 1"/);
    await s.cmd("SELECT Drafts");
    const meta = await s.cmd("FETCH 1 (UID FLAGS INTERNALDATE RFC822.SIZE)");
    assert.deepEqual(meta.untagged, [`* 1 FETCH (UID 1 FLAGS (\\Draft $Label) INTERNALDATE " 5-Jan-2025 09:20:30 +0000" RFC822.SIZE ${msg.length})`]);
    const body = await s.cmd("FETCH 1 BODY[]");
    assert.equal(body.raw.split("\r\n")[0], `* 1 FETCH (BODY[] {${msg.length}}`);
    assert.ok(body.raw.includes(`{${msg.length}}\r\n${msg} FLAGS (\\Draft \\Seen $Label))\r\n`), body.raw);
    const peek = await s.cmd("UID FETCH 1 (BODY.PEEK[HEADER.FIELDS (Subject)] ENVELOPE)");
    assert.match(peek.raw, /^\* 1 FETCH \(UID 1 BODY\[HEADER\.FIELDS \((?:Subject|SUBJECT)\)\] \{22\}\r\nSubject: message 1\r\n\r\n ENVELOPE \(NIL "message 1" \(\("Alice" NIL "alice" "example\.test"\)\)/);
  });

  test("MULTIAPPEND: several messages in one command, one APPENDUID set; over quota stores none", async () => {
    const s = await f.session();
    await s.login("alice");
    await s.cmd("CREATE Multi");
    const [m1, m2] = [MSG(41), MSG(42)];
    const r = await s.cmd(`APPEND Multi (\\Seen) {${m1.length}+}\r\n${m1} () "01-Feb-2024 00:00:00 +0000" {${m2.length}+}\r\n${m2}`);
    assert.match(r.tagged, /^OK \[APPENDUID \d+ 1:2\] APPEND completed$/);
    await s.cmd("EXAMINE Multi");
    const got = await s.cmd("FETCH 1:2 (FLAGS INTERNALDATE BODY.PEEK[])");
    assert.ok(got.raw.includes(`* 1 FETCH (FLAGS (\\Seen) INTERNALDATE`), got.raw);
    assert.ok(got.raw.includes(`BODY[] {${m1.length}}\r\n${m1})`), got.raw);
    assert.ok(got.raw.includes(`* 2 FETCH (FLAGS () INTERNALDATE " 1-Feb-2024 00:00:00 +0000" BODY[] {${m2.length}}\r\n${m2})`), got.raw);

    const account = await f.store.accounts.get("alice@example.test");
    await f.store.accounts.setQuota("alice@example.test", account!.usedBytes + m1.length + 10);
    try {
      const over = await s.cmd(`APPEND Multi {${m1.length}+}\r\n${m1} {${m2.length}+}\r\n${m2}`);
      assert.match(over.tagged, /^NO \[OVERQUOTA\]/);
      assert.match((await s.cmd("STATUS Multi (MESSAGES)")).untagged[0]!, /MESSAGES 2\)/);
    } finally {
      await f.store.accounts.setQuota("alice@example.test", 0);
    }
  });

  test("APPEND refusals: TRYCREATE, TOOBIG before the continuation, BAD for a literal outside APPEND", async () => {
    const s = await f.session({ limits: { maxLiteralSize: 1024 } });
    await s.login("bob");
    assert.match((await s.cmd("APPEND Nope {3+}\r\nabc")).tagged, /^NO \[TRYCREATE\]/);
    await s.send("b APPEND INBOX {2000}\r\n");
    const big = await s.answer("b");
    assert.match(big.tagged, /^NO \[TOOBIG\] 2000-byte literal refused/);
    assert.doesNotMatch(big.raw, /^\+/m);
    await s.send("c LOGIN {70000}\r\n");
    assert.match((await s.answer("c")).tagged, /^BAD 70000-byte literal refused/);
    assert.equal((await s.cmd("NOOP")).status, "OK");
  });

  test("STORE +FLAGS / -FLAGS / FLAGS.SILENT, CONDSTORE UNCHANGEDSINCE and MODIFIED", async () => {
    for (let i = 2; i <= 4; i++) await f.deliver("alice", MSG(i), { mailbox: "Archive" });
    const s = await f.session();
    await s.login("alice");
    await s.cmd("SELECT Archive");
    assert.deepEqual((await s.cmd("STORE 1:2 +FLAGS (\\Flagged)")).untagged, ["* 1 FETCH (FLAGS (\\Flagged))", "* 2 FETCH (FLAGS (\\Flagged))"]);
    assert.deepEqual((await s.cmd("UID STORE 2 -FLAGS (\\Flagged)")).untagged, ["* 2 FETCH (FLAGS () UID 2)"]);
    assert.deepEqual((await s.cmd("STORE 3 FLAGS.SILENT (\\Answered foo)")).untagged, []);
    assert.deepEqual((await s.cmd("FETCH 1:* FLAGS")).untagged, ["* 1 FETCH (FLAGS (\\Flagged))", "* 2 FETCH (FLAGS ())", "* 3 FETCH (FLAGS (\\Answered foo))"]);
    const ms = await s.cmd("FETCH 1:2 (MODSEQ)");
    const modseq = Math.max(...ms.untagged.map((l) => Number(/MODSEQ \((\d+)\)/.exec(l)![1])));
    await s.cmd("STORE 1 +FLAGS (\\Seen)");
    const cond = await s.cmd(`STORE 1:2 (UNCHANGEDSINCE ${modseq}) +FLAGS.SILENT (\\Deleted)`);
    assert.match(cond.tagged, /^OK \[MODIFIED 1\]/);
    assert.match(cond.untagged[0]!, /^\* 2 FETCH \(UID 2 MODSEQ \(\d+\)\)$/);
    assert.match((await s.cmd("STORE 1 +FLAGS (\\Bogus)")).tagged, /^BAD STORE: unknown system flag/);
    assert.match((await s.cmd("STORE 9 +FLAGS (\\Seen)")).tagged, /^BAD message sequence number out of range/);
  });

  test("COPY answers COPYUID; MOVE reports COPYUID then EXPUNGE; EXPUNGE removes \\Deleted; UID EXPUNGE only the set", async () => {
    for (let i = 5; i <= 8; i++) await f.deliver("alice", MSG(i), { mailbox: "Junk" });
    const s = await f.session();
    await s.login("alice");
    await s.cmd("SELECT Junk");
    const c = await s.cmd("COPY 1:2 Trash");
    assert.match(c.tagged, /^OK \[COPYUID \d+ 1:2 \d+:\d+\] COPY completed$/);
    assert.match((await s.cmd("COPY 1 Nope")).tagged, /^NO \[TRYCREATE\]/);
    const m = await s.cmd("UID MOVE 2 Trash");
    assert.match(m.untagged[0]!, /^\* OK \[COPYUID \d+ 2 \d+\] moved$/);
    assert.equal(m.untagged[1], "* 2 EXPUNGE");
    await s.cmd("STORE 1:3 +FLAGS.SILENT (\\Deleted)");
    assert.deepEqual((await s.cmd("UID EXPUNGE 3")).untagged, ["* 2 EXPUNGE"]);
    assert.deepEqual((await s.cmd("EXPUNGE")).untagged, ["* 2 EXPUNGE", "* 1 EXPUNGE"]);
    assert.deepEqual((await s.cmd("UID FETCH 1:* UID")).untagged, []);
    const st = await s.cmd("STATUS Trash (MESSAGES)");
    assert.match(st.untagged[0]!, /MESSAGES 3/);
  });

  test("two sessions: EXISTS, FETCH FLAGS and EXPUNGE reach the other at NOOP, never during FETCH", async () => {
    for (let i = 10; i <= 12; i++) await f.deliver("bob", MSG(i), { mailbox: "Sent" });
    const a = await f.session();
    const b = await f.session();
    await a.login("bob");
    await b.login("bob");
    await a.cmd("SELECT Sent");
    await b.cmd("SELECT Sent");
    await b.cmd("STORE 1 +FLAGS (\\Flagged)");
    await b.cmd("STORE 2 +FLAGS.SILENT (\\Deleted)");
    await b.cmd("EXPUNGE");
    await f.deliver("bob", MSG(13), { mailbox: "Sent" });
    // FETCH may carry the flag change and the new message, but not the expunge.
    const during = await a.cmd("FETCH 1 UID");
    assert.ok(!during.untagged.some((l) => /EXPUNGE/.test(l)), during.raw);
    const noop = await a.cmd("NOOP");
    const all = [...during.untagged, ...noop.untagged].filter((l) => !/^\* 1 FETCH \(UID 1\)$/.test(l));
    assert.deepEqual(all.sort(), ["* 1 FETCH (FLAGS (\\Flagged) UID 1)", "* 2 EXPUNGE", "* 4 EXISTS"].sort());
    assert.deepEqual((await a.cmd("FETCH 1:* UID")).untagged, ["* 1 FETCH (UID 1)", "* 2 FETCH (UID 3)", "* 3 FETCH (UID 4)"]);
  });

  test("IDLE: changes by another session arrive at once; DONE ends it", async () => {
    await f.deliver("bob", MSG(20), { mailbox: "Trash" });
    const a = await f.session();
    const b = await f.session();
    await a.login("bob");
    await b.login("bob");
    await a.cmd("SELECT Trash");
    await b.cmd("SELECT Trash");
    await a.send("i1 IDLE\r\n");
    await a.waitFor(/^\+ idling\r\n$/);
    await b.cmd("STORE 1 +FLAGS (\\Seen)");
    await a.waitFor(/\* 1 FETCH \(FLAGS \(\\Seen\) UID 1\)\r\n$/);
    await f.deliver("bob", MSG(21), { mailbox: "Trash" });
    await a.waitFor(/\* 2 EXISTS\r\n$/);
    await b.cmd("STORE 1 +FLAGS.SILENT (\\Deleted)");
    await b.cmd("EXPUNGE");
    await a.waitFor(/\* 1 EXPUNGE\r\n$/);
    await a.send("DONE\r\n");
    const r = await a.answer("i1");
    assert.equal(r.tagged, "OK IDLE completed");
    assert.deepEqual(r.untagged, ["+ idling", "* 1 FETCH (FLAGS (\\Seen) UID 1)", "* 2 EXISTS", "* 1 FETCH (FLAGS (\\Deleted \\Seen) UID 1)", "* 1 EXPUNGE"]);
  });

  test("QRESYNC: SELECT with the last known MODSEQ gets only what changed since: VANISHED (EARLIER) and FETCH", async () => {
    for (let i = 30; i <= 33; i++) await f.deliver("alice", MSG(i), { mailbox: "Drafts" });
    const a = await f.session();
    await a.login("alice");
    await a.cmd("ENABLE QRESYNC");
    const sel = await a.cmd("SELECT Drafts");
    const uidValidity = /UIDVALIDITY (\d+)/.exec(sel.raw)![1];
    const modseq = /HIGHESTMODSEQ (\d+)/.exec(sel.raw)![1];
    await a.cmd("LOGOUT");
    const b = await f.session();
    await b.login("alice");
    await b.cmd("SELECT Drafts");
    await b.cmd("STORE 2 +FLAGS (\\Answered)");
    await b.cmd("STORE 3 +FLAGS.SILENT (\\Deleted)");
    await b.cmd("EXPUNGE");
    const c = await f.session();
    await c.login("alice");
    await c.cmd("ENABLE QRESYNC");
    const re = await c.cmd(`SELECT Drafts (QRESYNC (${uidValidity} ${modseq} 1:4))`);
    const lines = re.untagged.filter((l) => /VANISHED|FETCH/.test(l));
    assert.equal(lines.length, 2, re.raw);
    assert.equal(lines[0], "* VANISHED (EARLIER) 3");
    assert.match(lines[1]!, /^\* 2 FETCH \(FLAGS \(\\Answered\) UID 2 MODSEQ \(\d+\)\)$/);
    // CHANGEDSINCE on UID FETCH gives the same view.
    const ch = await c.cmd(`UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`);
    assert.equal(ch.untagged[0], "* VANISHED (EARLIER) 3");
    assert.match(ch.untagged[1]!, /^\* 2 FETCH \(UID 2 FLAGS \(\\Answered\) MODSEQ \(\d+\)\)$/);
    assert.equal(ch.untagged.length, 2);
  });
});
