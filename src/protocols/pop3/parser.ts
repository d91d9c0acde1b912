/**
 * The POP3 command parser: pure functions of one command line's bytes (without its line end).
 * Line framing and length limits are the line reader's job (`src/io/`).
 *
 * RFC 1939 §3: a keyword of three or four characters, case-insensitive, then arguments separated
 * by single spaces; RFC 2449 §4 allows keywords of up to four characters and arguments of up to
 * 40. We read arguments more leniently (runs of spaces) since nothing depends on their exact
 * spacing, except PASS, whose one argument is the rest of the line, spaces included.
 *
 * @module
 */
import { latin1 } from "../../io/mod.ts";

/** A command line split into its verb and the rest. */
export interface CommandLine {
  /** Upper-cased verb; `""` when the line does not start with a plausible one. */
  verb: string;
  /** Everything after the verb and the one space that ends it, as sent. A view, not a copy. */
  rest: Uint8Array;
}

const SP = 0x20;
/** Longer than any POP3 keyword; a longer first word is not decoded at all. */
const MAX_VERB = 8;

/** Splits `line` after the verb. Never throws. */
export function parseCommandLine(line: Uint8Array): CommandLine {
  let v = 0;
  while (v < line.length && line[v] !== SP) v++;
  let verb = "";
  if (v > 0 && v <= MAX_VERB) {
    verb = latin1(line, 0, v).toUpperCase();
    if (!/^[A-Z]+$/.test(verb)) verb = "";
  }
  return { verb, rest: line.subarray(v < line.length ? v + 1 : v) };
}

/** Longest argument we read (RFC 2449 §4 says 40; base64 SASL responses are longer). */
const MAX_ARG = 40;

/**
 * The space-separated arguments of `rest` as text, or null when there are more than `max`, one
 * is longer than 40 characters, or one holds a byte outside printable ASCII.
 */
export function splitArgs(rest: Uint8Array, max: number): string[] | null {
  const text = latin1(rest);
  if (/[^\x21-\x7e ]/.test(text)) return null;
  const args = text.split(" ").filter((a) => a !== "");
  if (args.length > max || args.some((a) => a.length > MAX_ARG)) return null;
  return args;
}

/**
 * A message number or line count: decimal digits only (no sign, no spaces), at most ten, so
 * JavaScript's number is exact. Null otherwise.
 */
export function parseNumber(arg: string): number | null {
  if (!/^[0-9]{1,10}$/.test(arg)) return null;
  return Number(arg);
}
