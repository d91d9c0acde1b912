import { CR, DOT, LF } from "./ascii.ts";

/** What a finished dot-terminated body looked like. */
export interface DotDataResult {
  /** Unstuffed body bytes seen, including any beyond the limit that were discarded. */
  size: number;
  /** `size` exceeded the limit: the body was consumed to its end but only `maxBytes` were kept. */
  tooBig: boolean;
  /** The body holds a CR not followed by LF. */
  bareCr: boolean;
  /** The body holds an LF not preceded by CR. */
  bareLf: boolean;
}

// Decoder states. "Line start" is only ever after CRLF (or at the start of the data): a bare
// CR or LF never starts a line, so `\n.\n`, `\r.\r`, `\n.\r\n` cannot end the data (SMTP
// smuggling defence).
const LINE_START = 0;
const MID = 1;
const AFTER_CR = 2; // previous byte was a CR in the body; an LF next makes a line start
const DOT_SEEN = 3; // ".": at line start; dropped unless ".\r\n" follows
const DOT_CR = 4; // ".\r" at line start
const DONE = 5;

/**
 * Incremental decoder for dot-stuffed data (SMTP DATA, POP3 and NNTP multi-line responses),
 * a pure function of bytes. The data ends only at CRLF "." CRLF, the first CRLF being part of
 * the body (or the very start of the data standing in for it). A "." starting a line is
 * removed (RFC 5321 4.5.2), whatever follows it.
 *
 * Output chunks are subarrays of the input (zero copy) apart from a one-byte CR re-emitted
 * when a ".\r" at line start turns out not to be the terminator.
 */
export class DotDecoder {
  readonly maxBytes: number;
  #state = LINE_START;
  #size = 0;
  #bareCr = false;
  #bareLf = false;

  /** @param maxBytes body bytes to pass on; the rest is counted and discarded. */
  constructor(maxBytes = Number.POSITIVE_INFINITY) {
    if (!(maxBytes >= 0)) throw new RangeError("maxBytes must be >= 0");
    this.maxBytes = maxBytes;
  }

  /** The terminator has been seen. */
  get done(): boolean {
    return this.#state === DONE;
  }

  /** The facts so far (final once `done`). */
  get result(): DotDataResult {
    return { size: this.#size, tooBig: this.#size > this.maxBytes, bareCr: this.#bareCr, bareLf: this.#bareLf };
  }

  /**
   * Decode `input`, appending body chunks to `out`. Returns how many input bytes were consumed:
   * all of them, or fewer when the terminator ends inside `input` (the rest belongs to whatever
   * follows the data, e.g. a pipelined command). After `done`, consumes nothing.
   */
  decode(input: Uint8Array, out: Uint8Array[]): number {
    let state = this.#state;
    if (state === DONE) return 0;
    const len = input.length;
    let pos = 0;
    let seg = 0; // start of the body bytes not yet emitted
    // Cached positions of the next CR / LF at or after pos: -2 unknown, -1 none in this input.
    // Caching keeps the scan linear when one kind of byte is rare.
    let nextCr = -2;
    let nextLf = -2;
    while (pos < len) {
      switch (state) {
        case LINE_START:
          if (input[pos] === DOT) {
            this.#emit(input.subarray(seg, pos), out);
            pos++;
            seg = pos;
            state = DOT_SEEN;
          } else {
            state = MID;
          }
          break;
        case DOT_SEEN:
          if (input[pos] === CR) {
            pos++;
            seg = pos;
            state = DOT_CR;
          } else {
            state = MID; // the dot stays dropped; seg === pos here
          }
          break;
        case DOT_CR:
          if (input[pos] === LF) {
            this.#state = DONE;
            return pos + 1;
          }
          // ".\r" + other: the dot was stuffing, the CR is body (and bare).
          this.#emit(Uint8Array.of(CR), out);
          this.#bareCr = true;
          state = MID;
          break;
        case AFTER_CR:
          if (input[pos] === LF) {
            pos++;
            state = LINE_START;
          } else {
            this.#bareCr = true;
            state = MID;
          }
          break;
        default: {
          if (nextCr !== -1 && nextCr < pos) nextCr = input.indexOf(CR, pos);
          if (nextLf !== -1 && nextLf < pos) nextLf = input.indexOf(LF, pos);
          if (nextCr === -1 && nextLf === -1) {
            pos = len;
          } else if (nextLf === -1 || (nextCr !== -1 && nextCr < nextLf)) {
            const i = nextCr;
            if (i + 1 === len) {
              pos = len;
              state = AFTER_CR;
            } else if (input[i + 1] === LF) {
              pos = i + 2;
              state = LINE_START;
            } else {
              this.#bareCr = true;
              pos = i + 1;
            }
          } else {
            // Any CRLF pair was taken whole above, so this LF is bare.
            this.#bareLf = true;
            pos = nextLf + 1;
          }
        }
      }
    }
    this.#state = state;
    if (seg < len) this.#emit(input.subarray(seg, len), out);
    return len;
  }

  #emit(seg: Uint8Array, out: Uint8Array[]): void {
    const n = seg.length;
    if (n === 0) return;
    const room = this.maxBytes - this.#size;
    this.#size += n;
    if (room >= n) out.push(seg);
    else if (room > 0) out.push(seg.subarray(0, room));
  }
}
