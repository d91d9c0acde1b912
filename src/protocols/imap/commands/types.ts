import type { ImapSession } from "../session.ts";
import type { StateKind } from "../state.ts";
import type { ImapCommand } from "../wire/types.ts";

/** The tagged OK a command ends with; the default is `OK <NAME> completed`. */
export interface TaggedOk {
  /** Response code without brackets, e.g. `READ-WRITE`, `APPENDUID 7 3`. */
  code?: string;
  text?: string;
  /** The command already wrote its tagged response (STARTTLS, before switching to TLS). */
  answered?: boolean;
}

/** One IMAP command: where it may run and what it does. */
export interface ImapCommandSpec {
  /** Upper-case name (for UID FETCH: FETCH). */
  name: string;
  /** States it may run in; elsewhere it gets BAD. */
  states: readonly StateKind[];
  /** Takes the UID prefix (UID FETCH, UID STORE, ...). */
  uid?: boolean;
  /**
   * EXPUNGE responses must wait until a later command (RFC 9051 7.5.1: not while answering
   * FETCH, STORE or SEARCH, where the client is matching sequence numbers).
   */
  holdExpunges?: boolean;
  /**
   * Runs the command: writes its untagged responses and returns the tagged OK; refusals are
   * thrown as ImapError. Pending updates of the selected mailbox are sent by the session after
   * it returns, before the tagged OK.
   */
  run(s: ImapSession, cmd: ImapCommand): Promise<TaggedOk | void>;
}
