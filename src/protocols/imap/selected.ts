/**
 * The selected mailbox of one session: the sequence-number map (position → UID, nothing else per
 * message) and the changes other sessions made that this client has not been told about yet.
 *
 * Changes come from `store.changes.watchMailbox` at any time, but sequence numbers must only move
 * when the session says so (RFC 9051 7.5.1): they are collected here, coalesced so memory stays
 * bounded by the mailbox size whatever the rate of changes, and delivered by `updates.ts` at the
 * points where the session may speak.
 *
 * @module
 */
import type { MailChange, MailChanges } from "../../store/mail-api.ts";
import { UidList } from "./uid-list.ts";

/** Changes not yet told to the client. */
export interface Pending {
  /** UIDs appended (not yet in the map). */
  appended: Set<number>;
  /** Latest known flags per UID. */
  flags: Map<number, { flags: string[]; modseq: number }>;
  /** UIDs expunged by others. */
  expunged: Set<number>;
}

/** How many of our own flag modseqs to remember (their echo from the feed is ignored). */
const OWN_MEMORY = 64;

export class SelectedMailbox {
  readonly id: number;
  name: string;
  readonly readOnly: boolean;
  readonly uidValidity: number;
  /** Message `seq` has UID `uids.at(seq)`; held as runs of consecutive UIDs. */
  uids: UidList;
  /** SEARCHRES `$`: UIDs saved by the last SEARCH ... RETURN (SAVE), or null. */
  saved: number[] | null = null;
  readonly pending: Pending = { appended: new Set(), flags: new Map(), expunged: new Set() };
  /** Called on every change (IDLE wakes up on it). */
  onChange: (() => void) | null = null;
  readonly #own: number[] = [];
  #loaded = false;
  readonly #unwatch: () => void;

  /**
   * Start watching before reading the UID list, so nothing committed in between is missed:
   * `start` subscribes, then `load` fills the map.
   */
  constructor(o: { id: number; name: string; readOnly: boolean; uidValidity: number; changes: MailChanges }) {
    this.id = o.id;
    this.name = o.name;
    this.readOnly = o.readOnly;
    this.uidValidity = o.uidValidity;
    this.uids = new UidList();
    this.#unwatch = o.changes.watchMailbox(o.id, (c) => this.#record(c));
  }

  /** Set the UID list read after watching began; appends already recorded for these are dropped. */
  load(uids: number[]): void {
    this.uids = new UidList(uids);
    this.#loaded = true;
    const max = uids.length ? uids[uids.length - 1]! : 0;
    for (const u of this.pending.appended) if (u <= max) this.pending.appended.delete(u);
    for (const u of this.pending.expunged) if (this.seqOf(u) === 0 && !this.pending.appended.has(u)) this.pending.expunged.delete(u);
  }

  /** Number of messages the client knows of. */
  get exists(): number {
    return this.uids.length;
  }

  /** The largest UID the client knows of (0 when empty). */
  get maxUid(): number {
    return this.uids.max;
  }

  /** The sequence number of `uid`, or 0 when the client does not know it. */
  seqOf(uid: number): number {
    return this.uids.seqOf(uid);
  }

  /**
   * Remove UIDs from the map (they were expunged and the client is being told); returns the
   * sequence numbers they had, each valid at the moment its EXPUNGE is sent, i.e. descending.
   */
  remove(uids: Iterable<number>): number[] {
    const list = [...uids];
    const seqs = this.uids.remove(list);
    if (seqs.length === 0) return [];
    const gone = new Set(list);
    for (const u of gone) {
      this.pending.flags.delete(u);
      this.pending.expunged.delete(u);
    }
    if (this.saved) this.saved = this.saved.filter((s) => !gone.has(s));
    return seqs;
  }

  /** Our own flag change committed with `modseq`: its echo from the feed is not news. */
  ownFlags(modseq: number): void {
    this.#own.push(modseq);
    if (this.#own.length > OWN_MEMORY) this.#own.shift();
    for (const [uid, f] of this.pending.flags) if (f.modseq === modseq) this.pending.flags.delete(uid);
  }

  /** True when there is something to tell the client. */
  get hasPending(): boolean {
    const p = this.pending;
    return p.appended.size > 0 || p.flags.size > 0 || p.expunged.size > 0;
  }

  /** Stop watching (deselect, logout). */
  close(): void {
    this.#unwatch();
    this.onChange = null;
  }

  #record(c: MailChange): void {
    const p = this.pending;
    switch (c.kind) {
      case "append":
        for (const u of c.uids) if (u > this.maxUid) p.appended.add(u);
        break;
      case "flags":
        if (this.#own.includes(c.modseq)) return;
        for (const ch of c.changed) {
          const known = p.flags.get(ch.uid);
          if (!known || known.modseq < ch.modseq) p.flags.set(ch.uid, { flags: ch.flags, modseq: ch.modseq });
        }
        break;
      case "expunge":
        for (const u of c.uids) {
          p.flags.delete(u);
          // A message the client never heard of simply never appears.
          if (p.appended.delete(u)) continue;
          if (!this.#loaded || this.seqOf(u) > 0) p.expunged.add(u);
        }
        break;
      default:
        return;
    }
    this.onChange?.();
  }
}
