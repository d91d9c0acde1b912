/**
 * The command table: every keyword the session knows, each from its own file. The session looks
 * a keyword up here, checks the state against the command's `states`, then runs it.
 *
 * @module
 */
import { badCommand, type Pop3Error } from "../reply.ts";
import type { Pop3Session } from "../session.ts";
import { APOP } from "./apop.ts";
import { AUTH } from "./auth.ts";
import { CAPA } from "./capa.ts";
import { DELE } from "./dele.ts";
import { LIST } from "./list.ts";
import { NOOP } from "./noop.ts";
import { QUIT } from "./quit.ts";
import { RETR } from "./retr.ts";
import { RSET } from "./rset.ts";
import { STAT } from "./stat.ts";
import { STLS } from "./stls.ts";
import { TOP } from "./top.ts";
import type { Pop3Command } from "./types.ts";
import { UIDL } from "./uidl.ts";
import { PASS, USER } from "./user.ts";

export type { Pop3Command } from "./types.ts";

/** Every command by keyword. */
export const COMMANDS: ReadonlyMap<string, Pop3Command> = new Map(
  [USER, PASS, APOP, AUTH, STLS, CAPA, STAT, LIST, RETR, TOP, DELE, NOOP, RSET, UIDL, QUIT].map((c) => [c.verb, c]),
);

/** The refusal of a known command in the wrong state: what the client has to do first. */
export function outOfSequence(s: Pop3Session, cmd: Pop3Command): Pop3Error {
  if (s.state.kind === "authorization") return badCommand(`${cmd.verb} needs a login first (USER/PASS or AUTH)`);
  return badCommand(`${cmd.verb} is not allowed after login`);
}
