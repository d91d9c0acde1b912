/**
 * Argument checks shared by the commands: counts, message numbers, and the refusals RFC 1939
 * gives for a message that does not exist or is already marked deleted.
 *
 * @module
 */
import type { Maildrop } from "../maildrop.ts";
import { parseNumber, splitArgs } from "../parser.ts";
import { badCommand, Pop3Error } from "../reply.ts";

/** Between `min` and `max` space-separated arguments, else a syntax refusal naming `syntax`. */
export function args(rest: Uint8Array, min: number, max: number, syntax: string): string[] {
  const a = splitArgs(rest, max);
  if (a === null || a.length < min) throw badCommand(`syntax: ${syntax}`);
  return a;
}

/** No arguments at all. */
export function noArgs(rest: Uint8Array, verb: string): void {
  args(rest, 0, 0, `${verb} (no arguments)`);
}

/** A message number of `drop` that is not marked deleted. */
export function messageNumber(drop: Maildrop, arg: string): number {
  const n = parseNumber(arg);
  if (n === null) throw badCommand(`invalid message number ${JSON.stringify(arg)}`);
  if (!drop.exists(n)) throw new Pop3Error(undefined, `no such message, only ${drop.count} in maildrop`);
  if (drop.isDeleted(n)) throw new Pop3Error(undefined, `message ${n} already deleted`);
  return n;
}
