/**
 * A small valibot → JSON Schema (2020-12, as OpenAPI 3.1 uses) converter for the schema shapes
 * this project uses: objects (strict or not), optional, arrays, strings, numbers, booleans,
 * picklists, and pipes with integer / min / max / length / regex checks. `@valibot/to-json-schema`
 * would do more; this is enough to keep the API document generated from the one set of schemas.
 *
 * Checks JSON Schema cannot say (an IP address, a custom predicate) survive as the schema's
 * human-readable expectation in `description`.
 *
 * @module
 */
import type * as v from "valibot";

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

type Node = v.GenericSchema & {
  type: string;
  message?: unknown;
  entries?: Record<string, Node>;
  item?: Node;
  wrapped?: Node;
  options?: unknown[];
  pipe?: (Node & { kind: string; requirement?: unknown })[];
};

/** JSON Schema for a valibot schema; throws on a shape it does not know, so gaps are noticed. */
export function toJsonSchema(schema: v.GenericSchema): JsonSchema {
  const s = schema as Node;
  if (s.pipe) {
    const [base, ...rest] = s.pipe;
    // A pipe may refine its first schema with a later one (custom(...) then strictObject(...)).
    const later = rest.filter((p) => p.kind === "schema");
    let out = later.length ? toJsonSchema(later[later.length - 1]!) : toJsonSchema(base!);
    for (const p of rest) out = { ...out, ...action(p) };
    const note = [base, ...rest].map((p) => p.message).find((m) => typeof m === "string");
    if (note && !out.description) out.description = note;
    return out;
  }
  const described = (o: JsonSchema): JsonSchema => (typeof s.message === "string" ? { ...o, description: s.message } : o);
  switch (s.type) {
    case "string":
      return described({ type: "string" });
    case "number":
      return described({ type: "number" });
    case "boolean":
      return described({ type: "boolean" });
    case "picklist":
      return described({ enum: s.options });
    case "array":
      return described({ type: "array", items: toJsonSchema(s.item!) });
    case "optional":
      return toJsonSchema(s.wrapped!);
    case "custom":
      return described({});
    case "object":
    case "strict_object": {
      const entries = Object.entries(s.entries!);
      const required = entries.filter(([, e]) => e.type !== "optional").map(([k]) => k);
      return described({
        type: "object",
        properties: Object.fromEntries(entries.map(([k, e]) => [k, toJsonSchema(e)])),
        ...(required.length ? { required } : {}),
        ...(s.type === "strict_object" ? { additionalProperties: false } : {}),
      });
    }
    default:
      throw new Error(`toJsonSchema: no rule for valibot schema type "${s.type}"`);
  }
}

function action(p: { type: string; kind: string; requirement?: unknown }): JsonSchema {
  if (p.kind !== "validation") return {};
  switch (p.type) {
    case "integer":
      return { type: "integer" };
    case "min_value":
      return { minimum: p.requirement };
    case "max_value":
      return { maximum: p.requirement };
    case "min_length":
      return { minLength: p.requirement };
    case "max_length":
      return { maxLength: p.requirement };
    case "regex":
      return { pattern: (p.requirement as RegExp).source };
    default:
      return {};
  }
}
