import type { Conn } from "../runtime/types.ts";

/**
 * Hands accepted connections to `Listener.accept()`. Connections nobody took before the
 * listener closed are closed, so nothing leaks.
 */
export class AcceptQueue {
  #items: Conn[] = [];
  #waiting: ((c: Conn | null) => void) | undefined;
  #ended = false;

  push(conn: Conn): void {
    if (this.#ended) return conn.close();
    if (this.#waiting) {
      const w = this.#waiting;
      this.#waiting = undefined;
      w(conn);
    } else this.#items.push(conn);
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    for (const c of this.#items.splice(0)) c.close();
    this.#waiting?.(null);
    this.#waiting = undefined;
  }

  async *iterate(): AsyncGenerator<Conn> {
    while (true) {
      const next = this.#items.shift() ??
        (this.#ended ? null : await new Promise<Conn | null>((r) => (this.#waiting = r)));
      if (!next) return;
      yield next;
    }
  }
}
