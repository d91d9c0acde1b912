/**
 * MAIL FROM policy. Authenticated clients may send only as an address that delivers to them: their
 * own, a plus-address of it, or an alias that expands (possibly through other aliases) to their
 * account — not a catch-all, which would let its owner pose as any unused address of the domain —
 * or the null sender. Unauthenticated senders (port 25) are checked for syntax and a real
 * top-level domain only; SPF and friends come later.
 *
 * @module
 */
import type { SmtpReply, SmtpSessionInfo } from "../protocols/smtp/backend.ts";
import type { Store } from "../store/mod.ts";
import { parseAddress } from "./address.ts";
import { hasKnownTld } from "./domain.ts";
import { expand } from "./expand.ts";
import { replies } from "./replies.ts";
import { smtputf8Of, SUBMISSION_SERVICES } from "./session.ts";

/** True for the null reverse-path, as the session may pass it (`""` or `<>`). */
export function isNullSender(from: string): boolean {
  return from === "" || from === "<>";
}

/** Decides one MAIL FROM: null to accept, else the refusal. */
export async function checkSender(store: Store, session: SmtpSessionInfo, from: string): Promise<SmtpReply | null> {
  const identity = session.identity;
  // The session should already insist on AUTH here; answering the same keeps a slip harmless.
  if (!identity && SUBMISSION_SERVICES.has(session.service)) return replies.authRequired;
  if (isNullSender(from)) return null;
  const parsed = parseAddress(from, { smtputf8: smtputf8Of(session), checkTld: false });
  if (!parsed.ok) return parsed.reason === "utf8_not_allowed" ? replies.utf8Sender : replies.badSender(parsed.detail);
  const m = parsed.mailbox;
  if (!identity) {
    if (m.domain.kind === "name" && !hasKnownTld(m.domain.name) && !(await store.domains.get(m.domain.name))) return replies.unknownSenderDomain;
    return null;
  }
  if (m.domain.kind !== "name") return replies.senderNotOwned;
  const result = await expand(store, m.local, m.domain.name, { catchAll: false });
  if (result.ok && result.expansion.accounts.some((a) => a.accountId === identity.accountId)) return null;
  return replies.senderNotOwned;
}
