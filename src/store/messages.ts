import { and, asc, eq, or, sql } from "drizzle-orm";
import type { StoreContext } from "./context.ts";
import { StoreError } from "./errors.ts";
import { accounts, mailboxes, messages } from "./schema.ts";
import { stageBlob, type StagedBlob } from "./staged-blob.ts";
import type { Tx } from "./writer.ts";
import type { CopyResult, FlagUpdate, MessageMeta, MessagesMailApi, ScanFilter } from "./mail-api.ts";

const todo = (name: string): never => {
  throw new StoreError("invalid", `store.messages.${name} is not implemented yet`);
};

/** A stored message (metadata; the body is `blobId` in the blob store). */
export interface Message {
  id: number;
  mailboxId: number;
  uid: number;
  modseq: number;
  /** System flags (`\Seen`, ...) and keywords. */
  flags: string[];
  internalDate: Date;
  size: number;
  blobId: string;
  /** MIME-parse summary JSON, filled in by the mail layer; null until then. */
  summary: string | null;
}

/** What append allocated. */
export interface Appended {
  id: number;
  uid: number;
  modseq: number;
  blobId: string;
}

// A flag is `\Atom` or a keyword atom (RFC 3501 flag-keyword); no spaces, parentheses or wildcards.
const FLAG = /^\\?[^\s()\]{%*"\\\u0000-\u001f\u007f]{1,128}$/;

function checkFlags(flags: readonly string[]): string[] {
  for (const f of flags) if (typeof f !== "string" || !FLAG.test(f)) throw new StoreError("invalid", `invalid flag: ${JSON.stringify(f)}`);
  return [...new Set(flags)];
}

/** store.messages */
export class Messages implements MessagesMailApi {
  readonly #ctx: StoreContext;
  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Stores a message durably: the body, the next UID and MODSEQ of the mailbox, the message row and
   * the account's used bytes commit together (file bodies are made durable just before). Resolves
   * only after the commit, so a `250`/`OK` may be sent. `summary` is the MIME summary JSON when the
   * caller already computed it (delivery does). StoreError "not_found" for an unknown
   * mailbox, "over_quota" when the account's quota would be exceeded.
   */
  async append(o: { mailboxId: number; blob: Uint8Array; flags?: readonly string[]; internalDate?: Date; summary?: string }): Promise<Appended> {
    checkFlags(o.flags ?? []);
    const body = await stageBlob(this.#ctx.blobs, o.blob);
    try {
      return await this.#ctx.writer.run((tx) => this.appendIn(tx, { mailboxId: o.mailboxId, body, flags: o.flags, internalDate: o.internalDate, summary: o.summary }));
    } catch (e) {
      await body.discard();
      throw e;
    }
  }

  /**
   * Like `append`, inside a write the caller holds (`store.write`), so that several appends and a
   * queue entry commit or roll back together. Stage the body first (`stageBlob`) and `discard` it
   * if the write fails. Same StoreErrors as `append`; on one the caller's transaction must roll back.
   */
  async appendIn(tx: Tx, o: { mailboxId: number; body: StagedBlob; flags?: readonly string[]; internalDate?: Date; summary?: string }): Promise<Appended> {
    const flags = checkFlags(o.flags ?? []);
    const internalDate = o.internalDate ?? new Date();
    const size = o.body.size;
    const [box] = await tx.update(mailboxes)
      .set({ uidNext: sql`${mailboxes.uidNext} + 1`, highestModseq: sql`${mailboxes.highestModseq} + 1` })
      .where(eq(mailboxes.id, o.mailboxId))
      .returning({ uidNext: mailboxes.uidNext, modseq: mailboxes.highestModseq, accountId: mailboxes.accountId });
    if (!box) throw new StoreError("not_found", `mailbox ${o.mailboxId} not found`);
    const [charged] = await tx.update(accounts)
      .set({ usedBytes: sql`${accounts.usedBytes} + ${size}` })
      .where(and(eq(accounts.id, box.accountId), or(eq(accounts.quotaBytes, 0), sql`${accounts.usedBytes} + ${size} <= ${accounts.quotaBytes}`)))
      .returning({ id: accounts.id });
    if (!charged) throw new StoreError("over_quota", `account ${box.accountId} is over its quota`);
    const blobId = await o.body.take(tx);
    const uid = box.uidNext - 1;
    const [row] = await tx.insert(messages)
      .values({ mailboxId: o.mailboxId, uid, modseq: box.modseq, flags, internalDate, size, blobId, summary: o.summary ?? null })
      .returning({ id: messages.id });
    return { id: row.id, uid, modseq: box.modseq, blobId };
  }

  /** A mailbox's messages in UID order. */
  list(mailboxId: number): Promise<Message[]> {
    return this.#ctx.db.select().from(messages).where(eq(messages.mailboxId, mailboxId)).orderBy(asc(messages.uid));
  }

  /** One message by UID, or null. */
  async get(mailboxId: number, uid: number): Promise<Message | null> {
    const [row] = await this.#ctx.db.select().from(messages).where(and(eq(messages.mailboxId, mailboxId), eq(messages.uid, uid)));
    return row ?? null;
  }

  // Mail-access API (mail-api.ts); stubs until implemented.
  uids(_mailboxId: number): Promise<number[]> { return todo("uids"); }
  scan(_mailboxId: number, _filter?: ScanFilter): AsyncIterable<MessageMeta> { return todo("scan"); }
  summary(_mailboxId: number, _uid: number): Promise<string | null> { return todo("summary"); }
  setSummary(_mailboxId: number, _uid: number, _summary: string): Promise<void> { return todo("setSummary"); }
  body(_mailboxId: number, _uid: number): Promise<Uint8Array | null> { return todo("body"); }
  setFlags(_mailboxId: number, _uids: readonly number[], _op: "add" | "remove" | "replace", _flags: readonly string[], _o?: { unchangedSince?: number }): Promise<FlagUpdate> { return todo("setFlags"); }
  expunge(_mailboxId: number, _uids: readonly number[]): Promise<{ uids: number[]; modseq: number }> { return todo("expunge"); }
  copy(_from: number, _uids: readonly number[], _to: number): Promise<CopyResult> { return todo("copy"); }
  move(_from: number, _uids: readonly number[], _to: number): Promise<CopyResult & { expungeModseq: number }> { return todo("move"); }
  vanishedSince(_mailboxId: number, _modseq: number): Promise<number[]> { return todo("vanishedSince"); }
}
