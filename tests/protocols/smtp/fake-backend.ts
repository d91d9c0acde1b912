/**
 * A mail system for SMTP session tests: a few users and local domains, a relay rule, and a record
 * of every call and delivery. Behaviour can be swapped per test through the public fields.
 */
import type { AcceptedRecipient, Envelope, SmtpBackend, SmtpIdentity, SmtpReply, SmtpSessionInfo } from "../../../src/protocols/smtp/backend.ts";

/** One message the backend was asked to store. */
export interface Delivery {
  session: SmtpSessionInfo;
  envelope: Envelope;
  message: Uint8Array;
}

export class FakeBackend implements SmtpBackend {
  /** login -> password. */
  users = new Map<string, string>([
    ["alice@example.test", "correct horse"],
    ["bob@example.test", "pässwörd"],
  ]);
  localDomains = new Set(["example.test", "bücher.test"]);
  /** Local addresses that do not exist. */
  unknown = new Set(["nobody@example.test"]);
  deliveries: Delivery[] = [];
  /** Every call as "method arg". */
  calls: string[] = [];
  senderRefusal: ((from: string, s: SmtpSessionInfo) => SmtpReply | null) | null = null;
  deliverReply: SmtpReply = { code: 250, enhanced: "2.0.0", text: "queued" };
  /** Throw from this method (a fault in the mail system). */
  failIn: keyof SmtpBackend | null = null;
  #waiters: ((d: Delivery) => void)[] = [];

  async authenticate(username: string, password: string): Promise<SmtpIdentity | null> {
    this.calls.push(`authenticate ${username}`);
    if (this.failIn === "authenticate") throw new Error("database down");
    return this.users.get(username) === password ? { accountId: [...this.users.keys()].indexOf(username) + 1, address: username } : null;
  }

  async checkSender(session: SmtpSessionInfo, from: string): Promise<SmtpReply | null> {
    this.calls.push(`checkSender ${from}`);
    if (this.failIn === "checkSender") throw new Error("database down");
    return this.senderRefusal?.(from, session) ?? null;
  }

  async checkRecipient(session: SmtpSessionInfo, rcpt: string, dsn?: AcceptedRecipient["dsn"]) {
    this.calls.push(`checkRecipient ${rcpt}${dsn ? " " + JSON.stringify(dsn) : ""}`);
    if (this.failIn === "checkRecipient") throw new Error("database down");
    const domain = rcpt.slice(rcpt.lastIndexOf("@") + 1).toLowerCase();
    const local = this.localDomains.has(domain) || rcpt.toLowerCase() === "postmaster";
    if (this.unknown.has(rcpt)) return { ok: false as const, reply: { code: 550, enhanced: "5.1.1", text: `<${rcpt}>: no such user here` } };
    if (!local && !session.identity) return { ok: false as const, reply: { code: 554, enhanced: "5.7.1", text: "relaying denied" } };
    return { ok: true as const, recipient: { address: rcpt, local, targets: [rcpt], ...(dsn ? { dsn } : {}) } };
  }

  async deliver(session: SmtpSessionInfo, envelope: Envelope, message: Uint8Array): Promise<SmtpReply> {
    this.calls.push(`deliver ${envelope.from}`);
    if (this.failIn === "deliver") throw new Error("disk full");
    const d = { session, envelope: structuredClone(envelope), message: message.slice() };
    this.deliveries.push(d);
    for (const w of this.#waiters.splice(0)) w(d);
    return this.deliverReply;
  }

  /** The next delivery (or the one already made when `index` is given and exists). */
  delivery(index = this.deliveries.length, ms = 20_000): Promise<Delivery> {
    if (this.deliveries[index]) return Promise.resolve(this.deliveries[index]!);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no delivery #${index + 1} within ${ms} ms`)), ms);
      const check = () => {
        if (this.deliveries[index]) {
          clearTimeout(t);
          resolve(this.deliveries[index]!);
        } else this.#waiters.push(check);
      };
      this.#waiters.push(check);
    });
  }
}

/** The message as the client sent it: the delivered bytes after the trace header. */
export function afterTrace(message: Uint8Array): { trace: string; body: Uint8Array } {
  let text = "";
  for (let i = 0; i < Math.min(message.length, 4096); i++) text += String.fromCharCode(message[i]!);
  if (!text.startsWith("Received: ")) throw new Error(`no trace header first: ${JSON.stringify(text.slice(0, 80))}`);
  // The header ends at the first CRLF not followed by folding whitespace.
  let end = 0;
  for (;;) {
    end = text.indexOf("\r\n", end);
    if (end < 0) throw new Error("unterminated trace header");
    end += 2;
    if (text[end] !== " " && text[end] !== "\t") break;
  }
  return { trace: text.slice(0, end), body: message.subarray(end) };
}
