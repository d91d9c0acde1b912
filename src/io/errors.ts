/**
 * Why a read could not be completed.
 *
 * - `eof`: the stream ended in the middle of something that needed more bytes (a literal, DATA).
 * - `stream`: the underlying stream errored (socket reset, TLS failure); the original is `cause`.
 * - `cancelled`: `ByteReader.cancel()` was called (idle timeout, shutdown).
 * - `released`: the reader gave up its stream (`release()`, STARTTLS) and must not be used again.
 * - `busy`: a second read was started while one was still pending — a programming error.
 */
export type ReadErrorCode = "eof" | "stream" | "cancelled" | "released" | "busy";

/** The one error type `ByteReader` throws; switch on `code`. */
export class ReadError extends Error {
  readonly code: ReadErrorCode;

  constructor(code: ReadErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ReadError";
    this.code = code;
  }
}
