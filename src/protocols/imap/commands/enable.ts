import { Args } from "../args.ts";
import { AUTHENTICATED } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * What ENABLE can switch on; QRESYNC implies CONDSTORE (RFC 7162 3.2.3). UTF8=ACCEPT (RFC 6855):
 * mailbox names in UTF-8 instead of modified UTF-7 (ImapSession.utf8) and APPEND's `UTF8 (~{n})`.
 */
const ENABLEABLE = new Set(["CONDSTORE", "QRESYNC", "IMAP4REV2", "UTF8=ACCEPT"]);
const SPELLING: Record<string, string> = { IMAP4REV2: "IMAP4rev2" };

/**
 * ENABLE ext... (RFC 5161). Answers `* ENABLED` with the extensions newly enabled; unknown ones
 * are ignored, as the RFC asks.
 */
export const ENABLE: ImapCommandSpec = {
  name: "ENABLE",
  states: AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "ENABLE");
    const names: string[] = [];
    names.push(a.atom("extension"));
    while (a.left) names.push(a.atom("extension"));
    a.end();
    const now: string[] = [];
    for (const n of names) {
      const up = n.toUpperCase();
      if (!ENABLEABLE.has(up)) continue;
      const name = SPELLING[up] ?? up;
      if (!s.enabled.has(name)) {
        s.enabled.add(name);
        now.push(name);
      }
      if (up === "QRESYNC" && !s.enabled.has("CONDSTORE")) {
        s.enabled.add("CONDSTORE");
        now.push("CONDSTORE");
      }
    }
    await s.untagged(`ENABLED${now.length ? " " + now.join(" ") : ""}`);
  },
};
