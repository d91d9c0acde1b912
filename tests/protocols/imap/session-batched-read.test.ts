import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { summarize } from "../../../src/mime/mod.ts";
import { type Fixture, fixture } from "./harness.ts";

const N = 620;
const MSG = (n: number) => `From: Alice <alice@example.test>\r\nSubject: batch ${n}\r\n\r\nline of ${n % 7 === 0 ? "sevens" : "others"} ${n}\r\n`;

// FETCH and SEARCH read summaries with the metadata and bodies a group per store query: across
// rounds (100 with summaries) and groups (250), every message must come back once, in order, with
// its own data, whether its summary was stored (odd UIDs) or must be computed now (even UIDs).
describe("IMAP session: batched reads over many messages", () => {
  let f: Fixture;
  before(async () => {
    f = await fixture();
    const bob = await f.store.accounts.get("bob@example.test");
    const inbox = await f.store.mailboxes.get(bob!.id, "INBOX");
    for (let n = 1; n <= N; n++) {
      const blob = new TextEncoder().encode(MSG(n));
      await f.store.messages.append({ mailboxId: inbox!.id, blob, ...(n % 2 ? { summary: JSON.stringify(summarize(blob)) } : {}) });
    }
    await f.store.messages.expunge(inbox!.id, [5, 300, 301]);
  });
  after(() => f.close());

  const live = Array.from({ length: N }, (_, i) => i + 1).filter((n) => ![5, 300, 301].includes(n));

  test("FETCH 1:* (UID ENVELOPE BODY.PEEK[]): every message once, in order, its own subject and bytes", async () => {
    const s = await f.session();
    await s.login("bob");
    await s.cmd("EXAMINE INBOX");
    const r = await s.cmd("FETCH 1:* (UID ENVELOPE BODY.PEEK[])");
    assert.equal(r.status, "OK");
    const got = [...r.raw.matchAll(/^\* (\d+) FETCH \(UID (\d+) ENVELOPE \(NIL "batch (\d+)"[^\r\n]*BODY\[\] \{(\d+)\}\r\n([^]*?)\)\r\n(?=\* |[A-Za-z0-9]+ OK)/gm)];
    assert.equal(got.length, live.length);
    got.forEach((m, i) => {
      const uid = live[i]!;
      assert.deepEqual([Number(m[1]), Number(m[2]), Number(m[3])], [i + 1, uid, uid]);
      assert.equal(m[5], MSG(uid));
      assert.equal(Number(m[4]), MSG(uid).length);
    });
  });

  test("SEARCH SUBJECT and BODY over every message find exactly the matching ones", async () => {
    const s = await f.session();
    await s.login("bob");
    await s.cmd("EXAMINE INBOX");
    const uidsOf = (r: { untagged: string[] }) => r.untagged.find((l) => l.startsWith("* SEARCH"))!.split(" ").slice(2).map(Number);
    assert.deepEqual(uidsOf(await s.cmd('UID SEARCH SUBJECT "batch 61"')), live.filter((n) => String(n).startsWith("61")));
    assert.deepEqual(uidsOf(await s.cmd('UID SEARCH BODY "SEVENS"')), live.filter((n) => n % 7 === 0));
    assert.deepEqual(uidsOf(await s.cmd('UID SEARCH NOT BODY "sevens" SUBJECT "batch 4"')), live.filter((n) => n % 7 !== 0 && String(n).startsWith("4")));
  });
});
