import { badCommand, Pop3Error } from "../reply.ts";
import { noArgs } from "./args.ts";
import type { Pop3Command } from "./types.ts";

/**
 * STLS (RFC 2595 §4). Only before login. Bytes the client pipelined after it are dropped, never
 * read as commands under TLS, and the session starts over: a USER given before is forgotten.
 */
export const STLS: Pop3Command = {
  verb: "STLS",
  states: ["authorization"],
  async run(s, rest) {
    noArgs(rest, "STLS");
    if (s.secure) throw badCommand("TLS already active");
    if (!s.startTlsAvailable) throw new Pop3Error(undefined, "STLS not available on this service");
    await s.ok("begin TLS negotiation");
    await s.upgrade();
  },
};
