/** Why a store operation was refused; callers map these to protocol replies or HTTP statuses. */
export type StoreErrorCode = "exists" | "not_found" | "invalid" | "over_quota";

/** A refused store operation. `message` names the thing, e.g. `domain example.test already exists`. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string) {
    super(message);
    this.name = "StoreError";
    this.code = code;
  }
}

/** True when a libSQL error is a UNIQUE/PRIMARY KEY violation. */
export function isUniqueViolation(e: unknown): boolean {
  const text = errorText(e);
  return /UNIQUE constraint failed|PRIMARY KEY constraint failed|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)/.test(text);
}

/** True when a libSQL error is a FOREIGN KEY violation (the referenced row is gone). */
export function isForeignKeyViolation(e: unknown): boolean {
  return /FOREIGN KEY constraint failed|SQLITE_CONSTRAINT_FOREIGNKEY/.test(errorText(e));
}

// drizzle wraps driver errors ("Failed query: ...") with the libSQL error as `cause`.
function errorText(e: unknown): string {
  let out = "";
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const err = cur as { message?: unknown; code?: unknown; cause?: unknown };
    out += ` ${String(err.message ?? "")} ${String(err.code ?? "")}`;
    cur = err.cause;
  }
  return out;
}
