/**
 * RCPT TO policy: is this recipient ours (and to whom does it deliver), someone else's that this
 * client may relay to, or refused — and never an open relay.
 *
 * Anti-relay rules (each has a regression test named after the trick):
 * - A recipient outside our domains is accepted only from an authenticated session.
 * - A source route (`@relay:user@domain`) is dropped and the final domain alone decides.
 * - In our domains, a local part holding `%`, `!` or `@` (`user%other@ours`, `other!user@ours`,
 *   `"user@other"@ours`) is refused, never forwarded, whoever asks.
 * - Address literals (`user@[192.0.2.1]`) are refused for everyone: behind NAT we cannot tell which
 *   literal is "us", and relaying to one would let an authenticated user make this server connect
 *   to any host, internal ones included.
 * - A trailing dot (`user@ours.`) is a syntax error (RFC 5321 domains have none).
 * - Domains are compared as normalised lower-case A-labels; local parts ignoring ASCII case.
 *
 * @module
 */
import type { AcceptedRecipient, SmtpReply, SmtpSessionInfo } from "../protocols/smtp/backend.ts";
import type { Logger } from "../log/logger.ts";
import type { Store } from "../store/mod.ts";
import { isDotAtom, parseAddress } from "./address.ts";
import { hasKnownTld } from "./domain.ts";
import { expand, ROUTING_LOCAL_PART, type AccountTarget } from "./expand.ts";
import { replies } from "./replies.ts";
import { smtputf8Of } from "./session.ts";

/** What an accepted recipient resolved to; the backend-private `targets` of AcceptedRecipient. */
export interface DeliveryTargets {
  kind: "wrenmail.targets";
  accounts: { accountId: number; address: string }[];
  remote: string[];
}

/** Reads DeliveryTargets back from an AcceptedRecipient, or null when it is not ours. */
export function targetsOf(r: AcceptedRecipient): DeliveryTargets | null {
  const t = r.targets as Partial<DeliveryTargets> | null;
  return t && t.kind === "wrenmail.targets" && Array.isArray(t.accounts) && Array.isArray(t.remote) ? (t as DeliveryTargets) : null;
}

/** Options for resolveRecipient. */
export interface RecipientOptions {
  /** Where a bare `RCPT TO:<Postmaster>` goes (RFC 5321 section 4.5.1); refused when unset. */
  postmaster?: string;
}

export type RecipientResult = { ok: true; recipient: AcceptedRecipient } | { ok: false; reply: SmtpReply };

const refuse = (reply: SmtpReply): RecipientResult => ({ ok: false, reply });

/** Decides one RCPT TO. Store failures reject (the session answers 451). */
export async function resolveRecipient(
  store: Store,
  log: Logger,
  session: SmtpSessionInfo,
  rcpt: string,
  dsn?: AcceptedRecipient["dsn"],
  o: RecipientOptions = {},
): Promise<RecipientResult> {
  let path = rcpt;
  const barePostmaster = /^<?postmaster>?$/i.test(rcpt);
  if (barePostmaster) {
    if (!o.postmaster) return refuse(replies.noSuchUser);
    path = o.postmaster;
  }
  const parsed = parseAddress(path, { smtputf8: smtputf8Of(session), checkTld: false });
  if (!parsed.ok) return refuse(parsed.reason === "utf8_not_allowed" ? replies.utf8Recipient : replies.badRecipient(parsed.detail));
  const m = parsed.mailbox;
  if (m.domain.kind === "literal") return refuse(replies.addressLiteral);
  const domain = await store.domains.get(m.domain.name);
  const accept = (targets: DeliveryTargets): RecipientResult => ({
    ok: true,
    recipient: { address: rcpt, local: domain !== null, targets, ...(dsn ? { dsn } : {}) },
  });

  if (!domain) {
    // RFC 5321 4.5.1 wants bare Postmaster accepted; it must land here, never be relayed.
    if (barePostmaster) {
      log.warn(session.service, `bare Postmaster refused: ${m.address} is not in a local domain; set smtp.postmaster to a local account or alias`, { rcpt });
      return refuse(replies.noSuchUser);
    }
    if (!session.identity) {
      log.info(session.service, "relaying denied", { rcpt, remote: session.remote.address });
      return refuse(replies.relayDenied);
    }
    if (!hasKnownTld(m.domain.name)) return refuse(replies.unknownDomain);
    // The queue keeps dot-atom addresses only.
    if (!isDotAtom(m.local, true)) return refuse(replies.cannotRelayQuoted);
    return accept({ kind: "wrenmail.targets", accounts: [], remote: [m.address] });
  }

  if (!domain.enabled) return refuse(replies.disabled);
  if (ROUTING_LOCAL_PART.test(m.local)) {
    log.info(session.service, "routing local part refused", { rcpt, remote: session.remote.address });
    return refuse(replies.routingLocalPart);
  }
  const result = await expand(store, m.local, domain.name);
  if (!result.ok) {
    log.warn(session.service, `alias expansion of ${m.address} stopped: ${result.why}`, { at: result.address });
    return refuse(replies.aliasTooBig);
  }
  const x = result.expansion;
  if (x.skipped.length > 0) log.warn(session.service, `alias expansion of ${m.address} skipped addresses`, { skipped: x.skipped });
  if (x.accounts.length === 0 && x.remote.length === 0) {
    const why = new Set(x.skipped.map((s) => s.why));
    return refuse(why.has("loop") ? replies.aliasLoop : why.has("disabled") ? replies.disabled : why.has("refused") ? replies.routingLocalPart : replies.noSuchUser);
  }
  // One full mailbox holds up the whole recipient rather than silently dropping that copy.
  if (x.accounts.some(isFull)) return refuse(replies.mailboxFull);
  return accept({ kind: "wrenmail.targets", accounts: x.accounts.map((a) => ({ accountId: a.accountId, address: a.address })), remote: x.remote });
}

function isFull(a: AccountTarget): boolean {
  return a.quota > 0 && a.usedBytes >= a.quota;
}
