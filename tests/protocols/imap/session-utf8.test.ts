/**
 * UTF8=ACCEPT (RFC 6855): announced; after ENABLE UTF8=ACCEPT mailbox names are UTF-8 in and out
 * (LIST, LSUB, STATUS, SELECT), quoted strings carry UTF-8, and APPEND takes `UTF8 (~{n})`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Fixture, fixture } from "./harness.ts";

const MSG8 = "From: Jörg <jörg@example.test>\r\nTo: bob@example.test\r\nSubject: Grüße aus Köln\r\n\r\nHallo\r\n";
const bytes = (s: string) => new TextEncoder().encode(s).length;
/** The harness shows received bytes one char per byte: UTF-8 text as it arrives. */
const wire = (s: string) => String.fromCharCode(...new TextEncoder().encode(s));

describe("IMAP session: UTF8=ACCEPT", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("announced before and after login; ENABLE answers ENABLED UTF8=ACCEPT once", async () => {
    const s = await f.session();
    assert.match(s.greeting, / UTF8=ACCEPT[ \]]/);
    await s.login();
    assert.match((await s.cmd("CAPABILITY")).untagged[0]!, / UTF8=ACCEPT( |$)/);
    assert.deepEqual((await s.cmd("ENABLE utf8=accept")).untagged, ["* ENABLED UTF8=ACCEPT"]);
    assert.deepEqual((await s.cmd("ENABLE UTF8=ACCEPT")).untagged, ["* ENABLED"]);
  });

  test("mailbox names: UTF-8 quoted strings in, UTF-8 out in LIST, LSUB, STATUS; modified UTF-7 for the same box in a rev1 session", async () => {
    const s = await f.session();
    await s.login();
    await s.cmd("ENABLE UTF8=ACCEPT");
    assert.equal((await s.cmd('CREATE "Été/Ünïcødé 日本"')).status, "OK");
    assert.equal((await s.cmd('SUBSCRIBE "Été/Ünïcødé 日本"')).status, "OK");
    assert.deepEqual((await s.cmd('LIST "" "Été/*"')).untagged, [wire('* LIST (\\HasNoChildren) "/" "Été/Ünïcødé 日本"')]);
    assert.deepEqual((await s.cmd('LSUB "" "Été/*"')).untagged, [wire('* LSUB () "/" "Été/Ünïcødé 日本"')]);
    assert.deepEqual((await s.cmd('STATUS "Été/Ünïcødé 日本" (MESSAGES)')).untagged, [wire('* STATUS "Été/Ünïcødé 日本" (MESSAGES 0)')]);
    const sel = await s.cmd('SELECT "Été/Ünïcødé 日本"');
    assert.equal(sel.status, "OK");
    // A name that is valid modified UTF-7 is taken as written, not decoded, once UTF-8 is on.
    assert.equal((await s.cmd('CREATE "Tom & Jerry"')).status, "OK");
    assert.deepEqual((await s.cmd('LIST "" "Tom*"')).untagged, ['* LIST (\\HasNoChildren) "/" "Tom & Jerry"']);

    const old = await f.session();
    await old.login();
    assert.deepEqual((await old.cmd('LIST "" "&AMk-t*"')).untagged, [
      '* LIST (\\HasChildren) "/" "&AMk-t&AOk-"',
      '* LIST (\\HasNoChildren) "/" "&AMk-t&AOk-/&ANw-n&AO8-c&APg-d&AOk- &ZeVnLA-"',
    ]);
    assert.deepEqual((await old.cmd('LIST "" "Tom*"')).untagged, ['* LIST (\\HasNoChildren) "/" "Tom &- Jerry"']);
  });

  test("APPEND UTF8 (~{n}): 8-bit header stored byte for byte and fetched back", async () => {
    const s = await f.session();
    await s.login("bob");
    await s.cmd("ENABLE UTF8=ACCEPT");
    await s.cmd('CREATE "Grüße"');
    const n = bytes(MSG8);
    await s.send(`a APPEND "Grüße" (\\Seen) UTF8 (~{${n}}\r\n`);
    await s.waitFor(/^\+ /);
    await s.send(MSG8 + ")\r\n");
    assert.match((await s.answer("a")).tagged, /^OK \[APPENDUID \d+ 1\] APPEND completed$/);
    // MULTIAPPEND with both forms, non-synchronising.
    const multi = await s.cmd(`APPEND "Grüße" UTF8 (~{${n}+}\r\n${MSG8}) {${n}+}\r\n${MSG8}`);
    assert.match(multi.tagged, /^OK \[APPENDUID \d+ 2:3\]/);
    await s.cmd('SELECT "Grüße"');
    const got = await s.cmd("FETCH 1 (FLAGS BODY.PEEK[])");
    assert.ok(got.raw.includes(`BODY[] {${n}}\r\n${wire(MSG8)})`), got.raw);
    assert.match(got.raw, /FLAGS \(\\Seen\)/);
    const bob = await f.store.accounts.get("bob@example.test");
    const box = await f.store.mailboxes.get(bob!.id, "Grüße");
    const stored = await f.store.messages.list(box!.id);
    assert.equal(stored.length, 3);
    for (const m of stored) assert.equal(new TextDecoder().decode((await f.store.blobs.get(m.blobId))!), MSG8);
  });

  test("APPEND UTF8 refused: without ENABLE UTF8=ACCEPT, with a plain literal, with two literals; logged", async () => {
    const s = await f.session();
    await s.login("bob");
    const n = bytes(MSG8);
    assert.match((await s.cmd(`APPEND INBOX UTF8 (~{${n}+}\r\n${MSG8})`)).tagged, /^BAD APPEND: UTF8 \(~\{n\}\) needs ENABLE UTF8=ACCEPT first$/);
    await s.cmd("ENABLE UTF8=ACCEPT");
    assert.match((await s.cmd(`APPEND INBOX UTF8 ({${n}+}\r\n${MSG8})`)).tagged, /^BAD APPEND: UTF8 must be followed by \(~\{n\}\)/);
    assert.match((await s.cmd(`APPEND INBOX UTF8 (~{2+}\r\nab ~{2+}\r\ncd)`)).tagged, /^BAD APPEND: UTF8 must be followed by \(~\{n\}\)/);
    assert.match((await s.cmd(`APPEND INBOX UTF8 ~{${n}+}\r\n${MSG8}`)).tagged, /^BAD APPEND: UTF8 must be followed by \(~\{n\}\)/);
    assert.ok(s.logs.some((l) => /APPEND refused: BAD APPEND: UTF8 \(~\{n\}\) needs ENABLE/.test(l)));
    assert.match((await s.cmd("STATUS INBOX (MESSAGES)")).untagged[0]!, /MESSAGES 0\)/);
  });
});
