import { summarize } from "../../../mime/summarize.ts";
import type { MessageSummary } from "../../../mime/types.ts";
import type { MessageMeta } from "../../../store/mail-api.ts";
import { Args } from "../args.ts";
import { parseFetch, renderFetch } from "../fetch/mod.ts";
import { bad, no } from "../response.ts";
import type { SelectedMailbox } from "../selected.ts";
import { formatSet, inSet, parseSequenceSet } from "../sequence.ts";
import type { ImapSession } from "../session.ts";
import { SELECTED } from "../state.ts";
import { storeRefusal } from "./mailbox.ts";
import { targetUids } from "./message-set.ts";
import { prefetchGroups } from "./prefetch.ts";
import type { ImapCommandSpec, TaggedOk } from "./types.ts";

/** Messages per round (metadata query, \Seen write, responses). */
const BATCH = 500;
/**
 * Per round when summaries are read with the metadata: a summary is a few KiB but may reach 1 MiB
 * (thousands of MIME parts), so a round holds at most ~100 MiB even in that worst case.
 */
const SUMMARY_BATCH = 100;

/**
 * FETCH / UID FETCH set items [(CHANGEDSINCE m [VANISHED])] (RFC 9051 6.4.5, RFC 7162). Streams
 * in rounds: metadata in one query per round, with the summaries in the same query only for items
 * that need them (computed and saved once for a message stored without), bodies only when bytes
 * are asked for, a group per query read a little ahead of the writes, and every response written
 * with backpressure, so `FETCH 1:* (FLAGS)` on a large mailbox never holds more than one round.
 * Bodies fetched without .PEEK get \Seen (one store write per round).
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
    const step = plan.needsSummary ? SUMMARY_BATCH : BATCH;
    let error: string | null = null;
    for (let i = 0; i < uids.length; i += step) {
      const chunk = uids.slice(i, i + step);
      const metas = await load(s, box, chunk, plan.changedSince, plan.needsSummary);
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
      const sources = needsData ? loadAhead(s, box, metas, plan) : noData(metas);
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

/** What a FETCH plan or SEARCH query needs besides metadata. */
export interface Needs {
  needsBody: boolean;
  needsSummary: boolean;
}

/** Message rows as `scan` gives them; `summary` is there when scanned with `withSummary`. */
export type Scanned = MessageMeta & { summary?: string | null };

/**
 * The data `need` asks for of each message, in order, read a group ahead of the consumer: bodies
 * a group per store query (bounded by count and bytes), summaries from the scanned rows.
 */
export function loadAhead(s: ImapSession, box: SelectedMailbox, metas: readonly Scanned[], need: Needs): AsyncGenerator<[Scanned, MessageData | null]> {
  const size = (m: Scanned) => (need.needsBody ? m.size : 0) + (need.needsSummary ? m.summary?.length ?? 0 : 0);
  return prefetchGroups(metas, size, (group) => loadGroup(s, box, group, need));
}

/** The body and/or summary of each message of `group`, as `need` says; null for one gone. */
async function loadGroup(s: ImapSession, box: SelectedMailbox, group: readonly Scanned[], need: Needs): Promise<(MessageData | null)[]> {
  // A message expunged meanwhile has lost its body too (null).
  const bodies = need.needsBody ? await s.store.messages.bodies(group).catch(storeRefusal) : null;
  return Promise.all(group.map(async (m, i): Promise<MessageData | null> => {
    const body = bodies ? bodies[i]! : null;
    if (bodies && !body) return null;
    if (!need.needsSummary) return { body, summary: null };
    const summary = parseSummary(m.summary) ?? (await computeSummary(s, box, m.uid, body));
    return summary ? { body, summary } : null;
  }));
}

async function* noData(metas: readonly MessageMeta[]): AsyncGenerator<[MessageMeta, MessageData]> {
  const none: MessageData = { body: null, summary: null };
  for (const m of metas) yield [m, none];
}

/** The metadata (and summaries when asked) of `chunk` (ascending UIDs), one query: a UID range when dense, else the list. */
async function load(s: ImapSession, box: SelectedMailbox, chunk: number[], changedSince: number | undefined, withSummary: boolean): Promise<Scanned[]> {
  const first = chunk[0]!, last = chunk[chunk.length - 1]!;
  const dense = last - first + 1 <= chunk.length * 2;
  const filter = { ...(dense ? { uidRange: { from: first, to: last } } : { uids: chunk }), ...(changedSince !== undefined ? { changedSince } : {}), batch: chunk.length * 2, withSummary };
  const want = dense && last - first + 1 !== chunk.length ? new Set(chunk) : null;
  const out: Scanned[] = [];
  try {
    for await (const m of s.store.messages.scan(box.id, filter)) if (!want || want.has(m.uid)) out.push(m);
  } catch (e) {
    storeRefusal(e);
  }
  return out;
}

/** A stored summary JSON as a MessageSummary; null when there is none or it is unreadable or of an unknown version. */
export function parseSummary(json: string | null | undefined): MessageSummary | null {
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as MessageSummary;
    return parsed?.v === 1 ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * For a message stored without a usable summary: computed from its bytes (read now unless given)
 * and saved, so the next FETCH does not parse again. Null when the message is gone.
 */
async function computeSummary(s: ImapSession, box: SelectedMailbox, uid: number, body: Uint8Array | null): Promise<MessageSummary | null> {
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
