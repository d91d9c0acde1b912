import { matches, parseSearch, renderSearch, SEARCH_CHARSETS, savedResult } from "../search/mod.ts";
import { bad, no } from "../response.ts";
import { SELECTED } from "../state.ts";
import { loadAhead, type MessageData, type Scanned } from "./fetch.ts";
import { storeRefusal } from "./mailbox.ts";
import type { ImapCommandSpec } from "./types.ts";

/** Metadata rows per batch. */
const BATCH = 1000;
/** Rows per batch when their summaries come along (up to 1 MiB each in the worst case). */
const SUMMARY_BATCH = 100;
const NO_DATA: MessageData = { body: null, summary: null };

/**
 * SEARCH / UID SEARCH [RETURN (...)] [CHARSET c] keys (RFC 9051 6.4.4, ESEARCH RFC 4731,
 * SEARCHRES RFC 5182, MODSEQ RFC 7162). Scans the mailbox in batches: flags, sizes, dates and
 * UIDs are answered from the metadata alone; summaries (envelope keys, sent dates) come with the
 * metadata in the same query, and bodies (BODY, TEXT, HEADER) a group per query, a little ahead,
 * only when the query needs them. Only messages this client knows of are considered, so the
 * numbers it gets back are valid in its view.
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
    const check = async (metas: Scanned[]) => {
      const known = metas.filter((m) => box.seqOf(m.uid) > 0);
      const sources = needsData ? loadAhead(s, box, known, q) : known.map((m) => [m, NO_DATA] as const);
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
    const size = q.needsSummary ? SUMMARY_BATCH : BATCH;
    try {
      let batch: Scanned[] = [];
      for await (const meta of s.store.messages.scan(box.id, { batch: size, withSummary: q.needsSummary })) {
        batch.push(meta);
        if (batch.length === size) {
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
