import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { type Fixture, fixture } from "./harness.ts";

describe("IMAP session: a command split at every byte gives the same answers", () => {
  let f: Fixture;
  before(async () => (f = await fixture()));
  after(() => f.close());

  test("lines, a synchronising and a non-synchronising literal, and a pipelined command, cut at each position", async () => {
    const input = 'a ID ("name" {4}\r\ntest "os" {5+}\r\nLi\r\nx)\r\nb NOOP\r\n';
    for (let cut = 1; cut < input.length; cut++) {
      const s = await f.session();
      await s.send(input.slice(0, cut));
      await s.send(input.slice(cut));
      const a = await s.answer("a");
      const b = await s.answer("b");
      assert.equal(a.tagged, "OK ID completed", `cut at ${cut}: ${a.raw}`);
      assert.equal(b.tagged, "OK NOOP completed", `cut at ${cut}`);
      assert.ok(s.logs.some((l) => l.includes(`client ID "name=test, os=Li  x"`)), `cut at ${cut}: ${s.logs.join("\n")}`);
      s.abort.abort();
      await s.done;
    }
  });
});
