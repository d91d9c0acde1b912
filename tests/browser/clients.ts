/**
 * Real mail clients for the browser tests: Python's imaplib and poplib (the standard library's own
 * clients), run as child processes with a hard time limit, connecting from a chosen loopback
 * address. Each prints one line saying what happened.
 */
import { run } from "../helpers/net.ts";

const IMAP = String.raw`
import imaplib, socket, ssl, sys
def text(e):
    a = e.args[0] if e.args else e
    return a.decode("latin-1") if isinstance(a, bytes) else str(a)
host, port, src, user, pw = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
class C(imaplib.IMAP4):
    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(src, 0))
try:
    m = C(host, port, timeout=15)
except ConnectionRefusedError:
    print("REFUSED"); sys.exit(0)
except Exception as e:
    print("CLOSED " + type(e).__name__ + ": " + text(e)); sys.exit(0)
greeting = m.welcome.decode("latin-1")
if user:
    # The plain port offers LOGIN only after STARTTLS (the server's certificate is self-signed).
    m.starttls(ssl._create_unverified_context())
    typ, _ = m.login(user, pw)
    typ2, data = m.select("INBOX")
    print("LOGGEDIN " + typ + " " + typ2 + " " + data[0].decode() + " | " + greeting)
    m.logout()
else:
    print("GREETING " + greeting)
    m.logout()
`;

const POP3 = String.raw`
import poplib, socket, sys
def text(e):
    a = e.args[0] if e.args else e
    return a.decode("latin-1") if isinstance(a, bytes) else str(a)
host, port, src = sys.argv[1], int(sys.argv[2]), sys.argv[3]
class C(poplib.POP3):
    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(src, 0))
try:
    p = C(host, port, timeout=15)
except ConnectionRefusedError:
    print("REFUSED"); sys.exit(0)
except poplib.error_proto as e:
    print("ERR " + text(e)); sys.exit(0)
except Exception as e:
    print("CLOSED " + type(e).__name__ + ": " + text(e)); sys.exit(0)
print("GREETING " + p.getwelcome().decode("latin-1"))
p.quit()
`;

async function python(script: string, args: string[]): Promise<string> {
  const r = await run("python3", ["-c", script, ...args], { ms: 30_000 });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  if (r.code !== 0 || !line) throw new Error(`python client failed (exit ${r.code}): ${r.stderr || r.stdout}`);
  return line;
}

/** imaplib against 127.0.0.1:`port` from `source`; with `login`, STARTTLS, LOGIN and SELECT INBOX. */
export function imapClient(port: number, o: { source?: string; login?: [string, string] } = {}): Promise<string> {
  return python(IMAP, ["127.0.0.1", String(port), o.source ?? "127.0.0.1", o.login?.[0] ?? "", o.login?.[1] ?? ""]);
}

/** poplib against 127.0.0.1:`port` from `source`: the greeting, or how it was refused. */
export function pop3Client(port: number, source = "127.0.0.1"): Promise<string> {
  return python(POP3, ["127.0.0.1", String(port), source]);
}
