/**
 * What a FETCH asks for, decided once per command: the data items in order, and what each message
 * must be loaded with (summary, bytes) so the command never loads more than the items need.
 *
 * @module
 */

/** A section specifier (RFC 9051 6.4.5 `section-spec`). */
export interface Section {
  /** Part numbers, `1.2.3` → [1, 2, 3]; [] for the message itself. */
  part: number[];
  /** The text specifier after the part numbers; "" when none. */
  text: "" | "HEADER" | "HEADER.FIELDS" | "HEADER.FIELDS.NOT" | "TEXT" | "MIME";
  /** Field names of HEADER.FIELDS[.NOT], as sent. */
  fields?: string[];
}

/** `<origin.length>` of a partial fetch. */
export interface Partial {
  start: number;
  length: number;
}

/** One data item, with the name it carries in the response. */
export type FetchItem =
  | { kind: "flags" | "uid" | "internaldate" | "size" | "envelope" | "body" | "bodystructure" | "modseq"; label: string }
  /** BODY[...] / BODY.PEEK[...] and the RFC822 forms, which are sections under another name. */
  | { kind: "section"; label: string; section: Section; partial: Partial | null; peek: boolean }
  /** BINARY[part] / BINARY.PEEK[part] (RFC 3516). */
  | { kind: "binary"; label: string; part: number[]; partial: Partial | null; peek: boolean }
  /** BINARY.SIZE[part]. */
  | { kind: "binarySize"; label: string; part: number[] };

export interface FetchPlan {
  /** Message bytes required (BODY[...], BINARY, RFC822, RFC822.TEXT/HEADER). */
  needsBody: boolean;
  /** ENVELOPE, BODYSTRUCTURE, BODY, or sections that need part offsets. */
  needsSummary: boolean;
  /** BODY[...] / RFC822 / RFC822.TEXT / BINARY[...] without .PEEK. */
  setsSeen: boolean;
  /** CHANGEDSINCE (implies MODSEQ in every response). */
  changedSince?: number;
  /** VANISHED modifier (UID FETCH only, needs QRESYNC). */
  vanished: boolean;
  /** MODSEQ asked or implied. */
  wantsModseq: boolean;
  /** The data items in the order asked, duplicates removed. */
  items: FetchItem[];
}
