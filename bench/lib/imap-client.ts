/**
 * A deliberately small IMAP client for benchmarks: the same code drives wrenmail and Dovecot, so
 * neither is favoured by a client library. It sends one tagged command at a time and reads until
 * the tagged reply, following literals (`{n}\r\n` + n bytes) so FETCH BODY[] responses are consumed
 * exactly. Not a general client: no IDLE, no continuation requests except for literals we send.
 */
import { connect, type Socket } from "node:net";

export class BenchImap {
  readonly #sock: Socket;
  #buf: Buffer = Buffer.alloc(0);
  #waiters: (() => void)[] = [];
  #closed = false;
  #tag = 0;
  /** Bytes received from the server so far. */
  received = 0;

  private constructor(sock: Socket) {
    this.#sock = sock;
    sock.on("data", (d: Buffer) => {
      this.received += d.length;
      this.#buf = this.#buf.length ? Buffer.concat([this.#buf, d]) : d;
      this.#wake();
    });
    sock.on("close", () => {
      this.#closed = true;
      this.#wake();
    });
    sock.on("error", () => {});
  }

  /** Connects and reads the greeting. */
  static async open(port: number, host = "127.0.0.1"): Promise<BenchImap> {
    const sock = connect({ port, host });
    sock.setNoDelay(true);
    await new Promise<void>((res, rej) => {
      sock.once("connect", () => res());
      sock.once("error", rej);
    });
    const c = new BenchImap(sock);
    const greeting = await c.#line();
    if (!greeting.startsWith("* OK")) throw new Error(`unexpected greeting: ${greeting}`);
    return c;
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  async #more(): Promise<void> {
    if (this.#closed) throw new Error("connection closed by the server");
    await new Promise<void>((r) => this.#waiters.push(r));
  }

  /** One response line without CRLF; literals inside it are skipped (their size counted only). */
  async #line(): Promise<string> {
    let text = "";
    for (;;) {
      const nl = this.#buf.indexOf(10);
      if (nl < 0) {
        await this.#more();
        continue;
      }
      const piece = this.#buf.subarray(0, nl + 1).toString("latin1");
      this.#buf = this.#buf.subarray(nl + 1);
      const lit = /\{(\d+)\}\r\n$/.exec(piece);
      if (!lit) return text + piece.replace(/\r?\n$/, "");
      text += piece.slice(0, lit.index) + `{${lit[1]}}`;
      let n = Number(lit[1]);
      while (n > 0) {
        if (this.#buf.length === 0) await this.#more();
        const take = Math.min(n, this.#buf.length);
        this.#buf = this.#buf.subarray(take);
        n -= take;
      }
    }
  }

  /** Sends a command and returns the untagged lines and the tagged status line; throws on NO/BAD. */
  async run(command: string): Promise<{ untagged: string[]; status: string }> {
    const tag = `b${++this.#tag}`;
    this.#sock.write(`${tag} ${command}\r\n`);
    const untagged: string[] = [];
    for (;;) {
      const line = await this.#line();
      if (line.startsWith(`${tag} `)) {
        if (!line.startsWith(`${tag} OK`)) throw new Error(`${command.split(" ")[0]} failed: ${line}`);
        return { untagged, status: line };
      }
      untagged.push(line);
    }
  }

  /** Sends a command and counts untagged lines instead of keeping them (for 100k-line answers). */
  async count(command: string): Promise<number> {
    const tag = `b${++this.#tag}`;
    this.#sock.write(`${tag} ${command}\r\n`);
    let n = 0;
    for (;;) {
      const line = await this.#line();
      if (line.startsWith(`${tag} `)) {
        if (!line.startsWith(`${tag} OK`)) throw new Error(`${command.split(" ")[0]} failed: ${line}`);
        return n;
      }
      n++;
    }
  }

  close(): void {
    this.#sock.destroy();
  }
}
