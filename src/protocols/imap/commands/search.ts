import type { MessageSummary } from "../../../mime/types.ts";
import { parseSearch, renderSearch, SEARCH_CHARSETS, savedResult, matches } from "../search/mod.ts";
import { bad, no } from "../response.ts";
import { SELECTED } from "../state.ts";
import { storeRefusal } from "./mailbox.ts";
import { loadSummary } from "./fetch.ts";
import type { ImapCommandSpec } from "./types.ts";

/**
 * SEARCH / UID SEARCH [RETURN (...)] [CHARSET c] keys (RFC 9051 6.4.4, ESEARCH RFC 4731,
 * SEARCHRES RFC 5182, MODSEQ RFC 7162). Scans the mailbox in batches; summaries and bodies are
 * loaded per message only when the query needs them. Only messages this client knows of are
 * considered, so the numbers it gets back are valid in its view.
 */
export const SEARCH: ImapCommandSpec = {
  name: "SEARCH",
  states: SELECTED,
  uid: true,
  holdExpunges: true,
  async run(s, cmd) {
    const parsed = parseSearch(cmd.args, { uid: cmd.uid, imap4rev2: s.rev2 });
    if (!parsed.ok) {
      if (parsed.code === "BADCHARSET") throw no(parsed.message, { code: `BADCHARSET (${SEARCH_CHARSETS.join(" ")})` });
      throw bad(`${cmd.uid ? "UID " : ""}SEARCH: ${parsed.message}`);
    }
    const q = parsed.query;
    if (q.usesModseq) s.condstoreUsed = true;
    if (s.state.kind !== "selected") return;
    const box = s.state.box;
    const ctx = { maxSeq: box.exists, maxUid: box.maxUid, saved: box.saved, now: new Date() };
    const matched: number[] = [];
    const matchedUids: number[] = [];
    let highestModseq = 0;
    try {
      for await (const meta of s.store.messages.scan(box.id, { batch: 1000 })) {
        const seq = box.seqOf(meta.uid);
        if (seq === 0) continue;
        let body: Uint8Array | null = null;
        let summary: MessageSummary | null = null;
        if (q.needsBody) {
          body = await s.store.messages.body(box.id, meta.uid);
          if (!body) continue;
        }
        if (q.needsSummary) {
          summary = await loadSummary(s, box, meta.uid, body);
          if (!summary) continue;
        }
        if (!matches(q, { seq, meta, summary, body }, ctx)) continue;
        matched.push(cmd.uid ? meta.uid : seq);
        matchedUids.push(meta.uid);
        if (meta.modseq > highestModseq) highestModseq = meta.modseq;
      }
    } catch (e) {
      storeRefusal(e);
    }
    const saved = savedResult(q, matchedUids);
    if (saved) box.saved = saved;
    const out = renderSearch(q, cmd.tag, matched, { uid: cmd.uid, highestModseq });
    if (out.length) await s.write(out);
  },
};
