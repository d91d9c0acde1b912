/**
 * Limits on the MIME structure of one message, so a hostile message costs bounded time and a
 * bounded summary. Values as Dovecot's (max_nested_mime_parts, max_total_mime_parts), whose
 * BODYSTRUCTURE our tests compare with.
 *
 * @module
 */

/**
 * Entities nest at most this deep (the message is level 1). A multipart or message/rfc822 at the
 * last level is not opened: it is described as application/octet-stream, parameters kept.
 */
export const MAX_DEPTH = 100;

/**
 * At most this many entities in one message. Once reached, boundaries are no longer recognised:
 * the part being read runs to the end of its enclosing body.
 */
export const MAX_PARTS = 10_000;
