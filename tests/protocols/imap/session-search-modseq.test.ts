import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Fixture, fixture } from "./harness.ts";

const MSG = (n: number) => `From: a@example.test\r\nSubject: m${n}\r\n\r\nbody ${n}\r\n`;

describe("IMAP session: SEARCH RETURN (MIN/MAX) with MODSEQ (RFC 7162 3.1.5)", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("MIN or MAX alone reports that message's modseq; ALL and classic SEARCH the highest of all matches", async () => {
    for (let i = 1; i <= 3; i++) await f.deliver("bob", MSG(i), { mailbox: "Archive" });
    const s = await f.session();
    await s.login("bob");
    await s.cmd("SELECT Archive");
    // Message 2 changed last: it has the highest modseq, 1 and 3 lower ones.
    await s.cmd("STORE 3 +FLAGS (\\Seen)");
    await s.cmd("STORE 2 +FLAGS (\\Flagged)");
    const ms = (await s.cmd("FETCH 1:3 (MODSEQ)")).untagged.map((l) => Number(/MODSEQ \((\d+)\)/.exec(l)![1]));
    assert.equal(ms.length, 3);
    assert.ok(ms[1]! > ms[0]! && ms[1]! > ms[2]!, `modseqs ${ms}`);
    const esearch = async (ret: string) => (await s.cmd(`SEARCH RETURN (${ret}) MODSEQ 1`)).untagged.join("\n");
    assert.match(await esearch("MIN"), new RegExp(` MIN 1 MODSEQ ${ms[0]}$`));
    assert.match(await esearch("MAX"), new RegExp(` MAX 3 MODSEQ ${ms[2]}$`));
    assert.match(await esearch("MIN MAX"), new RegExp(` MIN 1 MAX 3 MODSEQ ${Math.max(ms[0]!, ms[2]!)}$`));
    assert.match(await esearch("ALL"), new RegExp(` ALL 1:3 MODSEQ ${ms[1]}$`));
    assert.match(await esearch("MIN COUNT"), new RegExp(` MIN 1 COUNT 3 MODSEQ ${ms[1]}$`));
    const classic = await s.cmd("SEARCH MODSEQ 1");
    assert.equal(classic.untagged[0], `* SEARCH 1 2 3 (MODSEQ ${ms[1]})`);
  });
});
