/**
 * The command table: every command the session knows, each from its own file. The session looks
 * a name up here, checks the UID prefix and the state against the command's declaration, then
 * runs it.
 *
 * @module
 */
import { APPEND } from "./append.ts";
import { AUTHENTICATE } from "./authenticate.ts";
import { CAPABILITY } from "./capability.ts";
import { CHECK } from "./check.ts";
import { CLOSE } from "./close.ts";
import { COPY, MOVE } from "./copy.ts";
import { CREATE } from "./create.ts";
import { DELETE } from "./delete.ts";
import { ENABLE } from "./enable.ts";
import { EXPUNGE } from "./expunge.ts";
import { FETCH } from "./fetch.ts";
import { ID } from "./id.ts";
import { IDLE } from "./idle.ts";
import { LIST, LSUB } from "./list.ts";
import { LOGIN } from "./login.ts";
import { LOGOUT } from "./logout.ts";
import { NAMESPACE } from "./namespace.ts";
import { NOOP } from "./noop.ts";
import { GETQUOTA, GETQUOTAROOT, SETQUOTA } from "./quota.ts";
import { RENAME } from "./rename.ts";
import { SEARCH } from "./search.ts";
import { EXAMINE, SELECT } from "./select.ts";
import { STARTTLS } from "./starttls.ts";
import { STATUS } from "./status.ts";
import { STORE } from "./store.ts";
import { SUBSCRIBE, UNSUBSCRIBE } from "./subscribe.ts";
import type { ImapCommandSpec } from "./types.ts";
import { UNSELECT } from "./unselect.ts";

export type { ImapCommandSpec, TaggedOk } from "./types.ts";

/** Every command by name. */
export const COMMANDS: ReadonlyMap<string, ImapCommandSpec> = new Map(
  [
    CAPABILITY, NOOP, LOGOUT, STARTTLS, AUTHENTICATE, LOGIN, ENABLE, ID, NAMESPACE,
    SELECT, EXAMINE, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS,
    CHECK, CLOSE, UNSELECT, EXPUNGE, IDLE, GETQUOTA, GETQUOTAROOT, SETQUOTA,
    APPEND, FETCH, STORE, COPY, MOVE, SEARCH,
  ].map((c) => [c.name, c]),
);
