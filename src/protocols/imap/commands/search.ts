import type { MessageMeta } from "../../../store/mail-api.ts";
import { matches, parseSearch, renderSearch, SEARCH_CHARSETS, savedResult } from "../search/mod.ts";
import { bad, no } from "../response.ts";
import { SELECTED } from "../state.ts";
import { loadData, type MessageData } from "./fetch.ts";
import { storeRefusal } from "./mailbox.ts";
import { prefetch } from "./prefetch.ts";
import type { ImapCommandSpec } from "./types.ts";

/** Metadata rows per batch. */
const BATCH = 1000;
const NO_DATA: MessageData = { body: null, summary: null };

/**
 * SEARCH / UID SEARCH [RETURN (...)] [CHARSET c] keys (RFC 9051 6.4.4, ESEARCH RFC 4731,
 * SEARCHRES RFC 5182, MODSEQ RFC 7162). Scans the mailbox in batches; summaries and bodies are
 * loaded (a few ahead) only when the query needs them. Only messages this client knows of are
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
    let firstModseq: number | undefined;
    let lastModseq = 0;
    const needsData = q.needsBody || q.needsSummary;
    const check = async (metas: MessageMeta[]) => {
      const known = metas.filter((m) => box.seqOf(m.uid) > 0);
      const sources = needsData ? prefetch(known, (m) => (q.needsBody ? m.size : 0), (m) => loadData(s, box, m, q)) : known.map((m) => [m, NO_DATA] as const);
      for await (const [meta, data] of sources) {
        if (!data) continue;
        const seq = box.seqOf(meta.uid);
        if (!matches(q, { seq, meta, summary: data.summary, body: data.body }, ctx)) continue;
        matched.push(cmd.uid ? meta.uid : seq);
        matchedUids.push(meta.uid);
        if (meta.modseq > highestModseq) highestModseq = meta.modseq;
        firstModseq ??= meta.modseq;
        lastModseq = meta.modseq;
      }
    };
    try {
      let batch: MessageMeta[] = [];
      for await (const meta of s.store.messages.scan(box.id, { batch: BATCH })) {
        batch.push(meta);
        if (batch.length === BATCH) {
          await check(batch);
          batch = [];
        }
      }
      await check(batch);
    } catch (e) {
      storeRefusal(e);
    }
    const saved = savedResult(q, matchedUids);
    if (saved) box.saved = saved;
    const out = renderSearch(q, cmd.tag, matched, { uid: cmd.uid, highestModseq, firstModseq, lastModseq });
    if (out.length) await s.write(out);
  },
};
