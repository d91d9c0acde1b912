import { formatMultiline } from "../reply.ts";
import { noArgs } from "./args.ts";
import type { Pop3Command } from "./types.ts";

/**
 * CAPA (RFC 2449 §5). Login capabilities (USER, SASL PLAIN) are listed only where logging in is
 * allowed — under TLS unless `allowPlaintextAuth` — and STLS only where it can be used, so a
 * client reading the list before TLS knows it must upgrade first (RFC 2595 §4).
 */
export const CAPA: Pop3Command = {
  verb: "CAPA",
  states: ["authorization", "transaction"],
  async run(s, rest) {
    noArgs(rest, "CAPA");
    const lines = ["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"];
    if (s.state.kind === "authorization") {
      if (s.startTlsAvailable) lines.push("STLS");
      if (s.loginAvailable) lines.push("USER", "SASL PLAIN");
    }
    lines.push("IMPLEMENTATION wrenmail");
    await s.write(formatMultiline("capability list follows", lines));
  },
};
