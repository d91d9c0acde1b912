import { Pop3Error } from "../reply.ts";
import type { Pop3Command } from "./types.ts";

/**
 * APOP (RFC 1939 §7) needs the password kept in clear to compute the digest; wrenmail keeps only
 * argon2id hashes, so APOP is not offered (no timestamp in the greeting) and refused here.
 */
export const APOP: Pop3Command = {
  verb: "APOP",
  states: ["authorization"],
  run() {
    throw new Pop3Error(undefined, "APOP is not supported: use USER/PASS or AUTH PLAIN over TLS");
  },
};
