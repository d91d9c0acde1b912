/**
 * What a MIME header says about its entity (RFC 2045, 2183, 3066, 2557, 1864): media type and
 * parameters, transfer encoding, id, description, disposition, language, location, MD5.
 *
 * @module
 */
import { fieldValue, firstField, type HeaderField } from "./header.ts";
import { parseParamHeader } from "./params.ts";
import { decodeParams } from "./rfc2231.ts";
import { asciiUpper, display } from "./text.ts";
import type { MimePart } from "./types.ts";
import { encodeLatin1 as bytesOfLatin1 } from "../io/ascii.ts";

const encoder = new TextEncoder();

export type Description = Omit<MimePart, "headerStart" | "bodyStart" | "bodyEnd" | "size" | "lines" | "parts" | "message"> & {
  /** The boundary parameter's bytes (exactly what delimiter lines hold), or null. */
  boundary: Uint8Array | null;
};

/** A type/subtype token: RFC 2045 token characters only. */
const TOKEN = /^[!#$%&'*+\-.^_`{|}~0-9A-Za-z]+$/;

export function describe(bytes: Uint8Array, fields: readonly HeaderField[], defaultType: "text/plain" | "message/rfc822"): Description {
  const raw = (name: string): string | null => {
    const f = firstField(fields, name);
    return f ? fieldValue(bytes, f) : null;
  };
  const text = (name: string): string | null => {
    const v = raw(name);
    return v === null ? null : display(v);
  };

  let [type, subtype] = defaultType.split("/");
  let params: [string, string][] = [];
  let boundary: Uint8Array | null = null;
  const ct = raw("content-type");
  if (ct !== null) {
    const parsed = parseParamHeader(ct, true);
    const slash = parsed.value.indexOf("/");
    const t = slash < 0 ? "" : parsed.value.slice(0, slash);
    const s = slash < 0 ? "" : parsed.value.slice(slash + 1);
    // RFC 2045 5.2: a syntactically invalid Content-Type means the default (text/plain), not the digest default.
    if (TOKEN.test(t) && TOKEN.test(s)) {
      [type, subtype] = [t, s];
      params = decodeParams(parsed.params);
      // The boundary is matched against bytes: the plain value as written is exact. Only when the
      // sender gave nothing but `boundary*` is the decoded value used (as UTF-8), and the value
      // reported is always the one matched, so a client re-reading the parts agrees with us.
      const plain = parsed.params.find((p) => p.name === "boundary")?.value;
      const index = params.findIndex(([n]) => n === "boundary");
      if (plain !== undefined) {
        boundary = bytesOfLatin1(plain);
        params[index] = ["boundary", display(plain)];
      } else if (index >= 0) {
        boundary = encoder.encode(params[index][1]);
      }
    } else {
      [type, subtype] = ["text", "plain"];
    }
  }

  let disposition: MimePart["disposition"] = null;
  const cd = raw("content-disposition");
  if (cd !== null) {
    const parsed = parseParamHeader(cd, false);
    if (parsed.value !== "") disposition = { type: display(parsed.value), params: decodeParams(parsed.params) };
  }

  let language: string[] | null = null;
  const cl = raw("content-language");
  if (cl !== null) {
    const tags = cl
      .replace(/\([^()]*\)/g, " ")
      .split(/[,\s]+/)
      .filter((x) => x !== "");
    if (tags.length > 0) language = tags.map(display);
  }

  const cte = raw("content-transfer-encoding");
  const encoding = cte === null ? "" : asciiUpper(cte.replace(/\([^()]*\)/g, "").trim());

  return {
    type,
    subtype,
    params,
    boundary,
    id: text("content-id"),
    description: text("content-description"),
    encoding: encoding === "" ? "7BIT" : display(encoding),
    md5: text("content-md5"),
    disposition,
    language,
    location: text("content-location"),
  };
}

/** The parameter `name` (lower-case) of a part, or undefined. */
export function param(part: Pick<MimePart, "params">, name: string): string | undefined {
  return part.params.find(([n]) => n === name)?.[1];
}
