import { CR, DOT, LF } from "./ascii.ts";

/** Options for dot-stuffing. */
export interface DotStuffOptions {
  /**
   * Turn every bare LF and bare CR into CRLF (default false: bytes pass through as they are).
   * Ask for it when sending to a server that may treat bare LF as a line end: a body holding
   * `\n.\n` sent unnormalised is exactly what SMTP smuggling feeds such a server.
   */
  normalizeLineEndings?: boolean;
}

/**
 * Incremental dot-stuffing encoder (SMTP client DATA, POP3 RETR/TOP): doubles a "." that starts
 * a line, where a line starts after CRLF (or after any line ending when normalising) or at the
 * start of the body — also when the CRLF and the "." arrive in different chunks.
 *
 * `push()` returns the input chunk itself when nothing in it needs changing, else one new chunk.
 * `end()` returns the terminator: ".\r\n", preceded by CRLF when the body did not end with one.
 */
export class DotStuffer {
  readonly #normalize: boolean;
  #lineStart = true;
  #prevCr = false; // unnormalised: last byte was CR. normalised: a CR was already sent as CRLF, so drop an LF next
  #ended = false;

  constructor(options: DotStuffOptions = {}) {
    this.#normalize = options.normalizeLineEndings ?? false;
  }

  /** Encode the next chunk of the body. */
  push(chunk: Uint8Array): Uint8Array {
    if (this.#ended) throw new Error("DotStuffer: push() after end()");
    if (chunk.length === 0) return chunk;
    return this.#normalize ? this.#pushNormalized(chunk) : this.#pushRaw(chunk);
  }

  /** The terminator; the stuffer is finished afterwards. */
  end(): Uint8Array {
    this.#ended = true;
    return this.#lineStart ? Uint8Array.of(DOT, CR, LF) : Uint8Array.of(CR, LF, DOT, CR, LF);
  }

  #pushRaw(chunk: Uint8Array): Uint8Array {
    const len = chunk.length;
    let out: Uint8Array | null = null;
    let o = 0;
    let seg = 0;
    let pos = 0;
    let lineStart = this.#lineStart;
    if (!lineStart && this.#prevCr && chunk[0] === LF) {
      lineStart = true;
      pos = 1;
    }
    for (;;) {
      if (lineStart && pos < len && chunk[pos] === DOT) {
        // At most one extra byte per line start, and line starts are at most 1 + len/2.
        out ??= new Uint8Array(len * 2 + 1);
        out.set(chunk.subarray(seg, pos), o);
        o += pos - seg;
        out[o++] = DOT;
        seg = pos;
      }
      if (pos >= len) break;
      const l = chunk.indexOf(LF, pos);
      if (l < 0) {
        lineStart = false;
        break;
      }
      // l > 0 always holds when l was the chunk's first byte after a CR from the last chunk.
      lineStart = l > 0 && chunk[l - 1] === CR;
      pos = l + 1;
    }
    this.#lineStart = lineStart;
    this.#prevCr = chunk[len - 1] === CR;
    if (!out) return chunk;
    out.set(chunk.subarray(seg), o);
    o += len - seg;
    return out.subarray(0, o);
  }

  #pushNormalized(chunk: Uint8Array): Uint8Array {
    const len = chunk.length;
    let out: Uint8Array | null = null;
    let o = 0;
    let seg = 0; // input bytes from seg on are still to be copied
    let pos = 0;
    let lineStart = this.#lineStart;
    // Copy chunk[seg..to) to out, allocating it on the first edit. Each input byte becomes at
    // most two output bytes (LF -> CRLF, CR -> CRLF, "." -> ".."), so 2*len suffices.
    const flushTo = (to: number) => {
      out ??= new Uint8Array(len * 2);
      out.set(chunk.subarray(seg, to), o);
      o += to - seg;
      seg = to;
    };
    if (this.#prevCr) {
      this.#prevCr = false;
      if (chunk[0] === LF) {
        // The LF completing a CRLF whose CR went out as CRLF already.
        pos = seg = 1;
      }
    }
    let nextCr = -2;
    let nextLf = -2;
    for (;;) {
      if (lineStart && pos < len && chunk[pos] === DOT) {
        flushTo(pos);
        out![o++] = DOT;
      }
      if (pos >= len) break;
      if (nextCr !== -1 && nextCr < pos) nextCr = chunk.indexOf(CR, pos);
      if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf(LF, pos);
      if (nextCr === -1 && nextLf === -1) {
        lineStart = false;
        break;
      }
      lineStart = true;
      if (nextLf === -1 || (nextCr !== -1 && nextCr < nextLf)) {
        const i = nextCr;
        if (i + 1 < len && chunk[i + 1] === LF) {
          pos = i + 2;
        } else {
          flushTo(i + 1);
          out![o++] = LF;
          pos = i + 1;
          if (pos === len) this.#prevCr = true;
        }
      } else {
        const i = nextLf;
        flushTo(i);
        out![o++] = CR;
        pos = i + 1;
      }
    }
    this.#lineStart = lineStart;
    if (!out) return seg === 0 ? chunk : chunk.subarray(seg);
    flushTo(len);
    return (out as Uint8Array).subarray(0, o);
  }
}

/**
 * Dot-stuff a body given as chunks, ending with the terminator. Yields input chunks unchanged
 * where possible; never assembles the body.
 */
export async function* dotStuff(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options?: DotStuffOptions,
): AsyncGenerator<Uint8Array, void, undefined> {
  const s = new DotStuffer(options);
  for await (const chunk of body) {
    const out = s.push(chunk);
    if (out.length > 0) yield out;
  }
  yield s.end();
}

/** `DotStuffer` as a TransformStream: body bytes in, stuffed bytes and terminator out. */
export function dotStuffStream(options?: DotStuffOptions): TransformStream<Uint8Array, Uint8Array> {
  const s = new DotStuffer(options);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const out = s.push(chunk);
      if (out.length > 0) controller.enqueue(out);
    },
    flush(controller) {
      controller.enqueue(s.end());
    },
  });
}
