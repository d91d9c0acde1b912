import { and, between, gt, inArray, sql, type SQL } from "drizzle-orm";
import { StoreError } from "./errors.ts";
import { messages } from "./schema.ts";

/** The largest UID (RFC 3501 nz-number is 32 bits). */
export const MAX_UID = 4294967295;

/** Validates a UID list from a caller; returns it ascending without duplicates. */
export function checkUids(uids: readonly number[]): number[] {
  if (!Array.isArray(uids)) throw new StoreError("invalid", "uids must be an array of UIDs");
  for (const u of uids) {
    if (!Number.isInteger(u) || u < 1 || u > MAX_UID) throw new StoreError("invalid", `invalid UID: ${JSON.stringify(u)}`);
  }
  const sorted = Float64Array.from(uids).sort();
  const out: number[] = [];
  for (const u of sorted) if (out.length === 0 || out[out.length - 1] !== u) out.push(u);
  return out;
}

/** One slice of a UID set: a condition on messages.uid and the UIDs it stands for. */
export interface UidChunk {
  where: SQL;
  uids: number[];
}

// A run this long is cheaper as one range scan than as that many points; shorter runs go in IN lists.
const MIN_RUN = 16;
// Parameters per statement stay far below SQLite's limit and keep each statement short.
const MAX_IN = 500;

/**
 * Splits an ascending UID list into conditions the (mailbox_id, uid) index answers directly: long
 * runs ("1:100000") become one `uid BETWEEN`, the rest `uid IN (...)` lists of at most 500. An OR
 * of both would make SQLite scan the whole mailbox, so each chunk is one or the other. Chunks come
 * in ascending UID order and cover disjoint ranges, so reading them in turn stays in UID order.
 */
export function uidChunks(sorted: readonly number[]): UidChunk[] {
  const out: UidChunk[] = [];
  let points: number[] = [];
  const flush = () => {
    if (points.length > 0) out.push({ where: inArray(messages.uid, points), uids: points });
    points = [];
  };
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    if (j - i + 1 >= MIN_RUN) {
      flush();
      out.push({ where: between(messages.uid, sorted[i], sorted[j]), uids: sorted.slice(i, j + 1) });
    } else {
      for (let k = i; k <= j; k++) {
        points.push(sorted[k]);
        if (points.length === MAX_IN) flush();
      }
    }
    i = j + 1;
  }
  flush();
  return out;
}

/** `mailbox_id = ? AND <chunk>`. */
export function inMailbox(mailboxId: number, chunk: UidChunk): SQL {
  return and(sql`${messages.mailboxId} = ${mailboxId}`, chunk.where)!;
}

// Rows per read of `pages`: one "1:*" range is one chunk, and reading 100,000 rows at once holds
// them three times over (driver rows, driver objects, drizzle objects).
const PAGE = 1000;

/**
 * The rows of the messages of `sorted` UIDs (ascending) in UID order, a page at a time (keyset on
 * UID within each chunk). `read(where, limit)` runs the select, ordered by UID, on whichever
 * connection the caller holds.
 */
export async function* pages<R extends { uid: number }>(mailboxId: number, sorted: readonly number[], read: (where: SQL, limit: number) => Promise<R[]>): AsyncGenerator<R> {
  for (const chunk of uidChunks(sorted)) {
    let last = 0;
    for (;;) {
      const rows = await read(and(inMailbox(mailboxId, chunk), gt(messages.uid, last))!, PAGE);
      yield* rows;
      if (rows.length < PAGE) break;
      last = rows[rows.length - 1].uid;
    }
  }
}
