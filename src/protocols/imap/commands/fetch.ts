import { summarize } from "../../../mime/summarize.ts";
import type { MessageSummary } from "../../../mime/types.ts";
import type { MessageMeta } from "../../../store/mail-api.ts";
import { Args } from "../args.ts";
import { parseFetch } from "../fetch/mod.ts";
import { bad, no } from "../response.ts";
import type { SelectedMailbox } from "../selected.ts";
import { formatSet, inSet, parseSequenceSet } from "../sequence.ts";
import type { ImapSession } from "../session.ts";
import { SELECTED } from "../state.ts";
import { renderFetch } from "../fetch/mod.ts";
import { storeRefusal } from "./mailbox.ts";
import { targetUids } from "./message-set.ts";
import { prefetch } from "./prefetch.ts";
import type { ImapCommandSpec, TaggedOk } from "./types.ts";

/** Messages read from the store per query. */
const BATCH = 500;

/**
 * FETCH / UID FETCH set items [(CHANGEDSINCE m [VANISHED])] (RFC 9051 6.4.5, RFC 7162). Streams
 * message by message: metadata in batches, a summary only for items that need one (computed and
 * saved once for a message stored without), the body only when bytes are asked for, and every
 * response written with backpressure, so `FETCH 1:* (FLAGS)` on a large mailbox never holds more
 * than one batch. Bodies fetched without .PEEK get \Seen (one store write per batch).
 */
export const FETCH: ImapCommandSpec = {
  name: "FETCH",
  states: SELECTED,
  uid: true,
  holdExpunges: true,
  async run(s, cmd): Promise<TaggedOk | void> {
    const a = new Args(cmd.args, cmd.uid ? "UID FETCH" : "FETCH");
    const setText = a.atom("message set");
    const att = a.any("data items");
    const modifiers = a.left ? a.any("fetch modifiers") : undefined;
    a.end();
    const parsed = parseFetch(att, modifiers, { uid: cmd.uid, qresync: s.qresync });
    if (!parsed.ok) throw bad(`${cmd.uid ? "UID " : ""}FETCH: ${parsed.message}`);
    const plan = parsed.plan;
    if (plan.wantsModseq || plan.changedSince !== undefined) s.condstoreUsed = true;
    if (s.state.kind !== "selected") return;
    const box = s.state.box;
    const uids = targetUids(box, setText, cmd.uid);
    if (plan.vanished && plan.changedSince !== undefined) await vanished(s, box, setText, plan.changedSince);
    const setSeen = plan.setsSeen && !box.readOnly;
    const needsData = plan.needsBody || plan.needsSummary;
    let error: string | null = null;
    for (let i = 0; i < uids.length; i += BATCH) {
      const chunk = uids.slice(i, i + BATCH);
      const metas = await load(s, box, chunk, plan.changedSince);
      // \Seen first, so the responses show it (with the new MODSEQ under CONDSTORE).
      const seen = new Map<number, { flags: string[]; modseq: number }>();
      if (setSeen) {
        const unseen = metas.filter((m) => !m.flags.includes("\\Seen")).map((m) => m.uid);
        if (unseen.length) {
          const r = await s.store.messages.setFlags(box.id, unseen, "add", ["\\Seen"]).catch(storeRefusal);
          if (r.changed.length) box.ownFlags(r.changed[0]!.modseq);
          for (const c of r.changed) seen.set(c.uid, { flags: c.flags, modseq: c.modseq });
        }
      }
      const sources = needsData ? prefetch(metas, (m) => m.size, (m) => loadData(s, box, m, plan)) : noData(metas);
      for await (const [meta, data] of sources) {
        const seq = box.seqOf(meta.uid);
        // Expunged meanwhile: nothing to say about it (RFC 9051 7.5.1 lets us).
        if (seq === 0 || !data) continue;
        const changed = seen.get(meta.uid);
        const out = renderFetch(plan, { seq, meta, summary: data.summary, body: data.body }, {
          uid: cmd.uid,
          condstore: s.condstore,
          utf8Accept: s.utf8,
          ...(changed ? { flags: changed.flags, modseq: changed.modseq } : {}),
        });
        if (!(out instanceof Uint8Array)) {
          error ??= out.message;
          continue;
        }
        await s.write(out);
      }
    }
    if (error) throw no(error, { code: "UNKNOWN-CTE" });
  },
};

/** What one message needs besides its metadata; null when it is gone. */
export interface MessageData {
  body: Uint8Array | null;
  summary: MessageSummary | null;
}

/** The body and/or summary of one message, as `need` says (FETCH plans and SEARCH queries). */
export async function loadData(s: ImapSession, box: SelectedMailbox, meta: MessageMeta, need: { needsBody: boolean; needsSummary: boolean }): Promise<MessageData | null> {
  let body: Uint8Array | null = null;
  let summary: MessageSummary | null = null;
  if (need.needsBody) {
    // The row is already read: one blob read instead of messages.body()'s two queries. A message
    // expunged meanwhile has lost its blob too (null).
    body = await s.store.blobs.get(meta.blobId).catch(storeRefusal);
    if (!body) return null;
  }
  if (need.needsSummary) {
    summary = await loadSummary(s, box, meta.uid, body);
    if (!summary) return null;
  }
  return { body, summary };
}

async function* noData(metas: readonly MessageMeta[]): AsyncGenerator<[MessageMeta, MessageData]> {
  const none: MessageData = { body: null, summary: null };
  for (const m of metas) yield [m, none];
}

/** The metadata of `chunk` (ascending UIDs), one query: a UID range when dense, else the list. */
async function load(s: ImapSession, box: SelectedMailbox, chunk: number[], changedSince: number | undefined): Promise<MessageMeta[]> {
  const first = chunk[0]!, last = chunk[chunk.length - 1]!;
  const dense = last - first + 1 <= chunk.length * 2;
  const filter = { ...(dense ? { uidRange: { from: first, to: last } } : { uids: chunk }), ...(changedSince !== undefined ? { changedSince } : {}), batch: BATCH * 2 };
  const want = dense && last - first + 1 !== chunk.length ? new Set(chunk) : null;
  const out: MessageMeta[] = [];
  try {
    for await (const m of s.store.messages.scan(box.id, filter)) if (!want || want.has(m.uid)) out.push(m);
  } catch (e) {
    storeRefusal(e);
  }
  return out;
}

/**
 * The stored MIME summary; a message stored without one (or with an unknown version) gets it
 * computed from its bytes now and saved, so the next FETCH does not parse again.
 */
export async function loadSummary(s: ImapSession, box: SelectedMailbox, uid: number, body: Uint8Array | null): Promise<MessageSummary | null> {
  const json = await s.store.messages.summary(box.id, uid).catch(storeRefusal);
  if (json) {
    try {
      const parsed = JSON.parse(json) as MessageSummary;
      if (parsed?.v === 1) return parsed;
    } catch {
      // Unreadable: recompute below.
    }
  }
  const bytes = body ?? (await s.store.messages.body(box.id, uid).catch(storeRefusal));
  if (!bytes) return null;
  const summary = summarize(bytes);
  await s.store.messages.setSummary(box.id, uid, JSON.stringify(summary)).catch(() => {
    // Gone meanwhile, or the write failed: the answer is right either way, it just costs a parse next time.
  });
  return summary;
}

/** QRESYNC `VANISHED (EARLIER)` for UIDs of the set expunged since `modseq` (RFC 7162 3.2.6). */
async function vanished(s: ImapSession, box: SelectedMailbox, setText: string, modseq: number): Promise<void> {
  const set = parseSequenceSet(setText);
  if (!set || set.saved) return;
  const gone = (await s.store.messages.vanishedSince(box.id, modseq).catch(storeRefusal)).filter((u) => inSet(set, u, box.maxUid));
  if (gone.length) await s.untagged(`VANISHED (EARLIER) ${formatSet(gone)}`);
}
