import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Fixture, fixture } from "./harness.ts";

describe("IMAP session: mailboxes (LIST, CREATE, DELETE, RENAME, SUBSCRIBE, STATUS, SELECT)", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("LIST shows the default mailboxes with SPECIAL-USE and CHILDREN attributes; LIST \"\" \"\" the delimiter", async () => {
    const s = await f.session();
    await s.login("bob");
    const r = await s.cmd('LIST "" "*"');
    assert.deepEqual(r.untagged, [
      '* LIST (\\HasNoChildren) "/" "INBOX"',
      '* LIST (\\HasNoChildren \\Archive) "/" "Archive"',
      '* LIST (\\HasNoChildren \\Drafts) "/" "Drafts"',
      '* LIST (\\HasNoChildren \\Junk) "/" "Junk"',
      '* LIST (\\HasNoChildren \\Sent) "/" "Sent"',
      '* LIST (\\HasNoChildren \\Trash) "/" "Trash"',
    ]);
    assert.deepEqual((await s.cmd('LIST "" ""')).untagged, ['* LIST (\\Noselect) "/" ""']);
    assert.deepEqual((await s.cmd('LIST "" inbox')).untagged, ['* LIST (\\HasNoChildren) "/" "INBOX"']);
    assert.deepEqual((await s.cmd('LIST (SPECIAL-USE) "" "*" RETURN (STATUS (MESSAGES UNSEEN SIZE))')).untagged.slice(0, 2), [
      '* LIST (\\HasNoChildren \\Archive) "/" "Archive"',
      '* STATUS "Archive" (MESSAGES 0 UNSEEN 0 SIZE 0)',
    ]);
  });

  test("CREATE makes parents; % and * patterns; DELETE leaves children with a \\Noselect parent; RENAME moves children", async () => {
    const s = await f.session();
    await s.login("bob");
    assert.equal((await s.cmd("CREATE Projects/2025/Q1")).status, "OK");
    assert.match((await s.cmd("CREATE Projects")).tagged, /^NO \[ALREADYEXISTS\]/);
    assert.match((await s.cmd("CREATE inbox")).tagged, /^NO \[ALREADYEXISTS\]/);
    assert.deepEqual((await s.cmd('LIST "" "Projects/%"')).untagged, ['* LIST (\\HasChildren) "/" "Projects/2025"']);
    assert.deepEqual((await s.cmd('LIST "Projects/" "*"')).untagged, ['* LIST (\\HasChildren) "/" "Projects/2025"', '* LIST (\\HasNoChildren) "/" "Projects/2025/Q1"']);
    assert.equal((await s.cmd("DELETE Projects/2025")).status, "OK");
    assert.deepEqual((await s.cmd('LIST "" "Projects/%"')).untagged, ['* LIST (\\Noselect \\HasChildren) "/" "Projects/2025"']);
    assert.deepEqual((await s.cmd('LIST () "" "Projects/%"')).untagged, ['* LIST (\\NonExistent \\HasChildren) "/" "Projects/2025"']);
    assert.equal((await s.cmd("RENAME Projects Work")).status, "OK");
    assert.deepEqual((await s.cmd('LIST "" "Work*"')).untagged, ['* LIST (\\HasChildren) "/" "Work"', '* LIST (\\Noselect \\HasChildren) "/" "Work/2025"', '* LIST (\\HasNoChildren) "/" "Work/2025/Q1"']);
    assert.match((await s.cmd("DELETE INBOX")).tagged, /^NO \[CANNOT\]/);
    assert.match((await s.cmd("DELETE Nope")).tagged, /^NO \[NONEXISTENT\]/);
    assert.match((await s.cmd("RENAME Nope X")).tagged, /^NO \[NONEXISTENT\]/);
    assert.match((await s.cmd("RENAME Work Sent")).tagged, /^NO \[ALREADYEXISTS\]/);
  });

  test("non-ASCII names: modified UTF-7 for IMAP4rev1, UTF-8 after ENABLE IMAP4rev2", async () => {
    const s = await f.session();
    await s.login("bob");
    assert.equal((await s.cmd("CREATE &AMk-t&AOk-")).status, "OK"); // "Été"
    assert.match((await s.cmd('LIST "" "&AMk-*"')).untagged[0]!, /"&AMk-t&AOk-"$/);
    assert.equal((await s.cmd('CREATE "Tom &- Jerry"')).status, "OK");
    assert.match((await s.cmd('CREATE "Tom & Jerry"')).tagged, /^BAD .*modified UTF-7/);
    await s.cmd("ENABLE IMAP4rev2");
    const r = await s.cmd('LIST "" "*"');
    // The harness sees bytes as latin1: the name arrives as its UTF-8 bytes.
    const wire = String.fromCharCode(...new TextEncoder().encode("Été"));
    assert.ok(r.untagged.includes(`* LIST (\\HasNoChildren) "/" "${wire}"`), r.raw);
    assert.ok(r.untagged.includes('* LIST (\\HasNoChildren) "/" "Tom & Jerry"'), r.raw);
  });

  test("SUBSCRIBE / UNSUBSCRIBE / LSUB / LIST (SUBSCRIBED)", async () => {
    const s = await f.session();
    await s.login("bob");
    await s.cmd("CREATE Lists/rust");
    await s.cmd("UNSUBSCRIBE Lists");
    assert.deepEqual((await s.cmd('LSUB "" "Lists*"')).untagged, ['* LSUB () "/" "Lists/rust"']);
    // "%" does not reach Lists/rust: its parent stands in for it, \Noselect (RFC 3501 6.3.9).
    assert.deepEqual((await s.cmd('LSUB "" "Li%"')).untagged, ['* LSUB (\\Noselect) "/" "Lists"']);
    await s.cmd("UNSUBSCRIBE Lists/rust");
    assert.deepEqual((await s.cmd('LSUB "" "Lists*"')).untagged, []);
    await s.cmd("SUBSCRIBE Lists/rust");
    assert.deepEqual((await s.cmd('LIST (SUBSCRIBED RECURSIVEMATCH) "" "Lists"')).untagged, ['* LIST (\\HasChildren) "/" "Lists" ("CHILDINFO" ("SUBSCRIBED"))']);
    assert.deepEqual((await s.cmd('LIST "" "Lists*" RETURN (SUBSCRIBED)')).untagged, ['* LIST (\\HasChildren) "/" "Lists"', '* LIST (\\HasNoChildren \\Subscribed) "/" "Lists/rust"']);
    assert.match((await s.cmd("SUBSCRIBE Nope")).tagged, /^NO \[NONEXISTENT\]/);
  });

  test("STATUS and SELECT / EXAMINE report the counters; SELECT of a missing mailbox leaves none selected", async () => {
    await f.deliver("alice", "Subject: one\r\n\r\nx\r\n", { flags: ["\\Seen"] });
    await f.deliver("alice", "Subject: two\r\n\r\nyy\r\n");
    const s = await f.session();
    await s.login("alice");
    const st = await s.cmd("STATUS INBOX (MESSAGES UNSEEN UIDNEXT SIZE DELETED RECENT)");
    assert.match(st.untagged[0]!, /^\* STATUS "INBOX" \(MESSAGES 2 UNSEEN 1 UIDNEXT 3 SIZE 39 DELETED 0 RECENT 0\)$/);
    const sel = await s.cmd("SELECT INBOX");
    assert.equal(sel.tagged, "OK [READ-WRITE] SELECT completed");
    assert.ok(sel.untagged.includes("* 2 EXISTS"));
    assert.ok(sel.untagged.includes("* 0 RECENT"));
    assert.ok(sel.untagged.includes("* OK [UNSEEN 2] first unseen message"));
    assert.ok(sel.untagged.some((l) => /^\* OK \[UIDVALIDITY \d+\]/.test(l)));
    assert.ok(sel.untagged.includes("* OK [UIDNEXT 3] predicted next UID"));
    assert.ok(sel.untagged.some((l) => /^\* OK \[PERMANENTFLAGS \(.*\\\*\)\]/.test(l)));
    const ex = await s.cmd("EXAMINE INBOX");
    assert.equal(ex.tagged, "OK [READ-ONLY] EXAMINE completed");
    assert.ok(ex.untagged.includes("* OK [PERMANENTFLAGS ()] read-only mailbox"));
    assert.match((await s.cmd("SELECT Nope")).tagged, /^NO \[NONEXISTENT\]/);
    assert.match((await s.cmd("FETCH 1 FLAGS")).tagged, /^BAD FETCH needs a selected mailbox/);
  });
});
