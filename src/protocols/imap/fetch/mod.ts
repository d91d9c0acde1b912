/**
 * The IMAP FETCH library: parse the data items once per command ({@link parseFetch}), then
 * render each message's untagged response ({@link renderFetch}). The command file loads only what
 * the plan says (`needsSummary`, `needsBody`) and sets \Seen when `setsSeen`.
 *
 * @module
 */
export { type FetchParse, parseFetch } from "./parse.ts";
export type { FetchItem, FetchPlan, Partial, Section } from "./plan.ts";
export { type FetchError, type FetchSource, renderFetch, renderFlags, type RenderOptions } from "./render.ts";
export { formatInternalDate } from "./date.ts";
