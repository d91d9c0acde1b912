import { Args } from "../args.ts";
import { AUTHENTICATED } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";

/** NAMESPACE (RFC 2342): one personal namespace, no prefix, `/` as delimiter; no shared folders. */
export const NAMESPACE: ImapCommandSpec = {
  name: "NAMESPACE",
  states: AUTHENTICATED,
  async run(s, cmd) {
    new Args(cmd.args, "NAMESPACE").end();
    await s.untagged('NAMESPACE (("" "/")) NIL NIL');
  },
};
