import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import * as v from "valibot";
import { type ConfigIssue, fromValibot, unknownKeyMessage } from "../../config/errors.ts";
import type { AdminEnv } from "./deps.ts";

/** One problem with a request field; `path` as in the config file (`ips[1]`, `access.mode`). */
export type Issue = Pick<ConfigIssue, "path" | "message">;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: string;
  issues?: Issue[];
}

/** An error the client caused (or may retry); becomes `{ error, issues? }` with its status. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: ContentfulStatusCode;
  readonly issues?: Issue[];
  readonly headers?: Record<string, string>;
  constructor(status: ContentfulStatusCode, message: string, o: { issues?: Issue[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    if (o.issues) this.issues = o.issues;
    if (o.headers) this.headers = o.headers;
  }
}

/** A 400 listing each bad field. */
export function invalid(issues: Issue[], message = "invalid request"): ApiError {
  return new ApiError(400, message, { issues: issues.map(({ path, message }) => ({ path, message })) });
}

// Matched by name, not instanceof: importing the service manager would drag the socket layer into
// an app that must also run on an edge host without it.
const BY_NAME: Record<string, ContentfulStatusCode> = { UnknownServiceError: 404, ServiceRuleError: 409, SetupError: 400 };

/** The app's onError: known errors keep their status and message, anything else is a logged 500. */
export function errorResponse(err: Error, c: Context<AdminEnv>, log: (message: string) => void): Response {
  if (err instanceof ApiError) {
    const body: ErrorBody = { error: err.message, ...(err.issues ? { issues: err.issues } : {}) };
    return c.json(body, err.status, err.headers);
  }
  const status = BY_NAME[err.name];
  if (status) {
    const issues = (err as { issues?: Issue[] }).issues;
    if (issues) return c.json({ error: "invalid settings", issues: issues.map(({ path, message }) => ({ path, message })) } satisfies ErrorBody, status);
    return c.json({ error: err.message } satisfies ErrorBody, status);
  }
  log(`${c.req.method} ${new URL(c.req.url).pathname} failed: ${err.stack ?? String(err)}`);
  return c.json({ error: "internal error; see the system log" } satisfies ErrorBody, 500);
}

/** The request body as JSON; a 400 when it is missing or malformed. */
export async function readJson(c: Context<AdminEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) throw new ApiError(400, "expected a JSON request body");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "the request body is not valid JSON");
  }
}

/** Validates with a valibot schema; a 400 with one issue per bad field otherwise. */
export function validate<S extends v.GenericSchema>(schema: S, input: unknown, knownKeys: readonly string[] = []): v.InferOutput<S> {
  const r = v.safeParse(schema, input);
  if (r.success) return r.output;
  throw invalid(fromValibot(r.issues, [], (key) => unknownKeyMessage(key, knownKeys)).map((x) => x.issue));
}

/** Validates like {@link validate}, but never echoes a password back in an issue ("…, got \"hunter2\""). */
export function validateSecret<S extends v.GenericSchema>(schema: S, input: unknown, knownKeys: readonly string[] = []): v.InferOutput<S> {
  try {
    return validate(schema, input, knownKeys);
  } catch (err) {
    if (err instanceof ApiError && err.issues) {
      const issues = err.issues.map((i) => (i.path === "password" ? { path: i.path, message: i.message.replace(/, got [\s\S]*$/, "") } : i));
      throw new ApiError(err.status, err.message, { issues });
    }
    throw err;
  }
}
