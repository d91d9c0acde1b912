/**
 * The IMAP SEARCH library: parse the criteria once per command ({@link parseSearch}), test each
 * message ({@link matches}; load the summary / bytes only when `needsSummary` / `needsBody`),
 * then answer ({@link renderSearch}) and, for RETURN (SAVE), keep {@link savedResult}.
 *
 * @module
 */
export { MAX_SEARCH_DEPTH, parseSearch, SEARCH_CHARSETS, type SearchParse } from "./parse.ts";
export type { SearchKey, SearchQuery, SearchReturns } from "./query.ts";
export { matches, type SearchContext, type SearchSource } from "./match.ts";
export { renderSearch, savedResult, type SearchModseqs } from "./render.ts";
