import { Args } from "../args.ts";
import { bad, no } from "../response.ts";
import { NOT_AUTHENTICATED } from "../state.ts";
import type { ImapCommandSpec } from "./types.ts";
import { logIn } from "./verify.ts";

/** LOGIN user password (RFC 9051 6.2.3): refused in clear text unless `allowPlaintextAuth`. */
export const LOGIN: ImapCommandSpec = {
  name: "LOGIN",
  states: NOT_AUTHENTICATED,
  async run(s, cmd) {
    const a = new Args(cmd.args, "LOGIN");
    const user = a.text("user name");
    const pass = a.text("password");
    a.end();
    if (!s.authAvailable) {
      s.log("info", "LOGIN refused before STARTTLS");
      throw no("LOGIN is disabled until STARTTLS", { code: "PRIVACYREQUIRED" });
    }
    if (user === "" || pass === "") throw bad("LOGIN: empty user name or password");
    return logIn(s, user, pass);
  },
};
