/**
 * A mail system for POP3 session tests: a few accounts, each with an INBOX held in memory, and a
 * record of every call. Behaviour can be swapped per test through the public fields.
 */
import type { Pop3Backend, Pop3Entry, Pop3Identity, Pop3Mailbox } from "../../../src/protocols/pop3/backend.ts";

const enc = new TextEncoder();

/** One account's INBOX: UIDVALIDITY, next UID, and the messages by UID. */
export interface FakeInbox {
  uidValidity: number;
  uidNext: number;
  messages: Map<number, Uint8Array>;
}

export class FakeBackend implements Pop3Backend {
  /** login -> [accountId, password]. */
  users = new Map<string, [number, string]>([
    ["alice@example.test", [1, "correct horse"]],
    ["bob@example.test", [2, "pässwörd mit Leerzeichen"]],
  ]);
  inboxes = new Map<number, FakeInbox>([
    [1, { uidValidity: 1700000000, uidNext: 1, messages: new Map() }],
    [2, { uidValidity: 1700000001, uidNext: 1, messages: new Map() }],
  ]);
  /** Every call as "method arg". */
  calls: string[] = [];
  /** Throw from this method (a fault in the mail system). */
  failIn: "authenticate" | "open" | "scan" | "body" | "expunge" | null = null;
  /** Entries scan() has yielded so far, over all sessions (shows it streams). */
  scanned = 0;

  /** Deliver a message to `address`'s INBOX; returns its UID. */
  deliver(address: string, message: string | Uint8Array): number {
    const inbox = this.inboxes.get(this.users.get(address)![0])!;
    const uid = inbox.uidNext++;
    inbox.messages.set(uid, typeof message === "string" ? enc.encode(message) : message);
    return uid;
  }

  /** The UIDs in `address`'s INBOX now. */
  uids(address: string): number[] {
    return [...this.inboxes.get(this.users.get(address)![0])!.messages.keys()];
  }

  async authenticate(username: string, password: string): Promise<Pop3Identity | null> {
    this.calls.push(`authenticate ${username}`);
    if (this.failIn === "authenticate") throw new Error("database down");
    const u = this.users.get(username);
    return u && u[1] === password ? { accountId: u[0], address: username } : null;
  }

  async open(identity: Pop3Identity): Promise<Pop3Mailbox> {
    this.calls.push(`open ${identity.address}`);
    if (this.failIn === "open") throw new Error("database down");
    const inbox = this.inboxes.get(identity.accountId)!;
    // The failure switches are read at call time, so a test can flip them mid-session.
    const self = this;
    return {
      uidValidity: inbox.uidValidity,
      async *scan(): AsyncIterable<Pop3Entry> {
        if (self.failIn === "scan") throw new Error("database down");
        for (const [uid, m] of [...inbox.messages].sort((a, b) => a[0] - b[0])) {
          self.scanned++;
          yield { uid, size: m.length };
        }
      },
      async body(uid) {
        self.calls.push(`body ${uid}`);
        if (self.failIn === "body") throw new Error("disk error");
        return inbox.messages.get(uid) ?? null;
      },
      async expunge(uids) {
        self.calls.push(`expunge ${uids.join(",")}`);
        if (self.failIn === "expunge") throw new Error("database down");
        let n = 0;
        for (const uid of uids) if (inbox.messages.delete(uid)) n++;
        return n;
      },
    };
  }
}
