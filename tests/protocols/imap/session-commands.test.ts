import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Fixture, fixture } from "./harness.ts";

const MSG = (n: number, extra = "") => `From: Carol <carol@example.test>\r\nTo: bob@example.test\r\nSubject: note ${n}\r\n${extra}\r\nText of note ${n}\r\n`;

describe("IMAP session: CLOSE, UNSELECT, CHECK, read-only, SEARCH results, BINARY, QUOTA", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("CLOSE expunges \\Deleted silently; UNSELECT does not; CHECK is a NOOP; both leave no mailbox selected", async () => {
    for (let i = 1; i <= 3; i++) await f.deliver("bob", MSG(i), { mailbox: "Archive", flags: i === 2 ? ["\\Deleted"] : [] });
    const s = await f.session();
    await s.login("bob");
    await s.cmd("SELECT Archive");
    assert.equal((await s.cmd("CHECK")).tagged, "OK CHECK completed");
    assert.deepEqual((await s.cmd("UNSELECT")).untagged, []);
    assert.match((await s.cmd("FETCH 1 FLAGS")).tagged, /^BAD FETCH needs a selected mailbox/);
    await s.cmd("EXAMINE Archive");
    // EXAMINE: CLOSE expunges nothing.
    assert.deepEqual((await s.cmd("CLOSE")).untagged, []);
    assert.match((await s.cmd("STATUS Archive (MESSAGES DELETED)")).untagged[0]!, /MESSAGES 3 DELETED 1/);
    await s.cmd("SELECT Archive");
    assert.deepEqual((await s.cmd("CLOSE")).untagged, []);
    assert.match((await s.cmd("STATUS Archive (MESSAGES DELETED)")).untagged[0]!, /MESSAGES 2 DELETED 0/);
  });

  test("EXAMINE is read-only: STORE, EXPUNGE and MOVE refused; FETCH BODY[] does not set \\Seen", async () => {
    await f.deliver("bob", MSG(10), { mailbox: "Junk" });
    const s = await f.session();
    await s.login("bob");
    await s.cmd("EXAMINE Junk");
    assert.match((await s.cmd("STORE 1 +FLAGS (\\Seen)")).tagged, /^NO \[READ-ONLY\]/);
    assert.match((await s.cmd("EXPUNGE")).tagged, /^NO \[READ-ONLY\]/);
    assert.match((await s.cmd("MOVE 1 Trash")).tagged, /^NO \[READ-ONLY\]/);
    const r = await s.cmd("FETCH 1 (BODY[] FLAGS)");
    assert.doesNotMatch(r.raw, /\\Seen/);
    assert.equal((await s.cmd("COPY 1 Trash")).status, "OK", "COPY works read-only");
  });

  test("SEARCH: classic, ESEARCH with RETURN, SAVE and $ in FETCH/STORE, BADCHARSET, rev2 answers ESEARCH", async () => {
    for (let i = 20; i <= 24; i++) await f.deliver("alice", MSG(i), { mailbox: "Drafts", flags: i % 2 ? ["\\Seen"] : [] });
    const s = await f.session();
    await s.login("alice");
    await s.cmd("SELECT Drafts");
    assert.deepEqual((await s.cmd("SEARCH UNSEEN")).untagged, ["* SEARCH 1 3 5"]);
    assert.deepEqual((await s.cmd("UID SEARCH SUBJECT \"note 2\"")).untagged, ["* SEARCH 1 2 3 4 5"]);
    const es = await s.cmd("SEARCH RETURN (MIN MAX COUNT ALL) SEEN");
    assert.match(es.untagged[0]!, /^\* ESEARCH \(TAG "T\d+"\) MIN 2 MAX 4 COUNT 2 ALL 2,4$/);
    assert.deepEqual((await s.cmd("UID SEARCH RETURN (SAVE) UNSEEN")).untagged, []);
    assert.deepEqual((await s.cmd("FETCH $ (UID)")).untagged, ["* 1 FETCH (UID 1)", "* 3 FETCH (UID 3)", "* 5 FETCH (UID 5)"]);
    assert.deepEqual((await s.cmd("SEARCH UID $ SUBJECT \"note 24\"")).untagged, ["* SEARCH 5"]);
    assert.deepEqual((await s.cmd("STORE $ +FLAGS.SILENT (\\Flagged)")).untagged, []);
    assert.deepEqual((await s.cmd("SEARCH FLAGGED")).untagged, ["* SEARCH 1 3 5"]);
    assert.match((await s.cmd("SEARCH CHARSET KOI8-R TEXT x")).tagged, /^NO \[BADCHARSET \(UTF-8 US-ASCII\)\]/);
    assert.match((await s.cmd("SEARCH FROBNICATE")).tagged, /^BAD SEARCH: /);
    await s.cmd("ENABLE IMAP4rev2");
    assert.match((await s.cmd("SEARCH UNSEEN")).untagged[0]!, /^\* ESEARCH \(TAG "T\d+"\) ALL 1,3,5$/);
  });

  test("APPEND a literal8 with NUL bytes; FETCH BINARY[1] decodes base64; a NUL in a normal literal is refused", async () => {
    const s = await f.session();
    await s.login("bob");
    const bin = "Content-Type: multipart/mixed; boundary=b\r\nSubject: bin\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC/w==\r\n--b--\r\n";
    assert.match((await s.cmd(`APPEND Drafts ~{${bin.length}+}\r\n${bin}`)).tagged, /^OK \[APPENDUID/);
    const nul = "Subject: x\r\n\r\na\u0000b\r\n";
    assert.match((await s.cmd(`APPEND Drafts {${nul.length}+}\r\n${nul}`)).tagged, /^NO \[UNKNOWN-CTE\]/);
    await s.cmd("SELECT Drafts");
    const r = await s.cmd("FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1])");
    assert.ok(r.raw.includes("BINARY[1] ~{4}\r\n\u0000\u0001\u0002\u00ff"), JSON.stringify(r.raw));
    assert.ok(r.raw.includes("BINARY.SIZE[1] 4"), r.raw);
  });

  test("QUOTA: GETQUOTAROOT and GETQUOTA with the account's quota; none when unlimited; SETQUOTA refused", async () => {
    const s = await f.session();
    await s.login("bob");
    assert.deepEqual((await s.cmd("GETQUOTAROOT INBOX")).untagged, ['* QUOTAROOT "INBOX"']);
    assert.match((await s.cmd('GETQUOTA ""')).tagged, /^NO \[NONEXISTENT\]/);
    await f.store.accounts.setQuota("bob@example.test", 5 * 1024 * 1024);
    const used = Math.ceil((await f.store.accounts.get("bob@example.test"))!.usedBytes / 1024);
    assert.deepEqual((await s.cmd("GETQUOTAROOT INBOX")).untagged, ['* QUOTAROOT "INBOX" ""', `* QUOTA "" (STORAGE ${used} 5120)`]);
    assert.deepEqual((await s.cmd('GETQUOTA ""')).untagged, [`* QUOTA "" (STORAGE ${used} 5120)`]);
    assert.match((await s.cmd('SETQUOTA "" (STORAGE 1)')).tagged, /^NO \[NOPERM\]/);
    await f.store.accounts.setQuota("bob@example.test", 0);
  });

  test("STATUS HIGHESTMODSEQ turns CONDSTORE on: unsolicited FETCH then carries MODSEQ", async () => {
    await f.deliver("bob", MSG(30), { mailbox: "Sent" });
    const a = await f.session();
    const b = await f.session();
    await a.login("bob");
    await b.login("bob");
    await a.cmd("SELECT Sent");
    assert.match((await a.cmd("STATUS Trash (HIGHESTMODSEQ)")).untagged[0]!, /^\* STATUS "Trash" \(HIGHESTMODSEQ \d+\)$/);
    await b.cmd("SELECT Sent");
    await b.cmd("STORE 1 +FLAGS (\\Answered)");
    const r = await a.cmd("NOOP");
    assert.match(r.untagged[0]!, /^\* 1 FETCH \(FLAGS \(\\Answered\) UID \d+ MODSEQ \(\d+\)\)$/);
  });
});
