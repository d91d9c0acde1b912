import type { Pop3Session } from "../session.ts";
import type { StateKind } from "../state.ts";

/** One POP3 command: where it may run and what it does. */
export interface Pop3Command {
  /** Upper-case keyword. */
  verb: string;
  /** States the command may run in; elsewhere it gets `outOfSequence`'s refusal. */
  states: readonly StateKind[];
  /** Runs the command; `rest` is the line after the keyword. Refusals are thrown as Pop3Error. */
  run(s: Pop3Session, rest: Uint8Array): Promise<void> | void;
}
