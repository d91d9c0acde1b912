/**
 * The SMTP command parser: a pure function of one command line's bytes (without its CRLF).
 * It splits the verb from its argument and parses the arguments of MAIL and RCPT; paths and
 * ESMTP parameters live in `path.ts` and `params.ts`. Line framing (CRLF, bare CR/LF, length
 * limits) is the line reader's job (`src/io/`), before bytes reach this module.
 *
 * @module
 */
import { latin1, startsWithIgnoreCase } from "../../io/mod.ts";
import { type EsmtpParam, parseParams } from "./params.ts";
import { ParseError, type Path, parsePath } from "./path.ts";

export { decodeXtext, encodeXtext, type EsmtpParam, parseParams } from "./params.ts";
export { isAddressLiteral, ParseError, type Path, type PathOptions, parsePath } from "./path.ts";

/** A command line split into its verb and argument. */
export interface CommandLine {
  /** Upper-cased verb; `""` when the line does not start with a plausible one. */
  verb: string;
  /** What follows the verb and its space(s), trailing spaces and tabs removed. A view, not a copy. */
  args: Uint8Array;
}

const SP = 0x20;
const TAB = 0x09;
/** Longer than any SMTP verb; a longer first word is not decoded at all. */
const MAX_VERB = 16;

/** Splits `line` at the first space. Never throws. */
export function parseCommandLine(line: Uint8Array): CommandLine {
  let end = line.length;
  while (end > 0 && (line[end - 1] === SP || line[end - 1] === TAB)) end--;
  let v = 0;
  while (v < end && line[v] !== SP) v++;
  let a = v;
  while (a < end && line[a] === SP) a++;
  let verb = "";
  if (v > 0 && v <= MAX_VERB) {
    verb = latin1(line, 0, v).toUpperCase();
    if (!/^[A-Z0-9]+$/.test(verb)) verb = "";
  }
  return { verb, args: line.subarray(a, end) };
}

/** The arguments of MAIL FROM / RCPT TO. */
export interface PathArgs {
  path: Path;
  params: EsmtpParam[];
}

/**
 * Parses `FROM:<path> [params]` (MAIL) or `TO:<path> [params]` (RCPT). Spaces between the
 * colon and the `<` are tolerated (RFC 5321 forbids them, yet many clients send them, and they
 * cannot change the meaning); the angle brackets are required.
 *
 * @throws {ParseError}
 */
export function parsePathArgs(args: Uint8Array, kind: "FROM" | "TO"): PathArgs {
  const head = `${kind}:`;
  if (!startsWithIgnoreCase(args, head)) throw new ParseError("syntax", `expected ${head}<address>`);
  let i = head.length;
  while (args[i] === SP) i++;
  const path = parsePath(args, i, kind === "FROM" ? { allowNull: true } : { allowPostmaster: true });
  return { path, params: parseParams(args, path.end) };
}
