/** Byte-stream helpers shared by every protocol: readers, writers, dot-stuffing, ASCII. */
export * from "./ascii.ts";
export * from "./batch-writer.ts";
export * from "./byte-reader.ts";
export * from "./dot-decoder.ts";
export * from "./dot-stuffer.ts";
export * from "./errors.ts";
