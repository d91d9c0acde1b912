/**
 * Dates for SEARCH, as whole days (days since 1970-01-01), since every date key disregards time
 * and zone (RFC 9051 6.4.4):
 * - the search argument `d-Mon-yyyy`;
 * - the internal date: its UTC day — the day INTERNALDATE shows, since it is sent as +0000;
 * - the sent date: the day written in the Date header, in the header's own zone, not converted
 *   ("Tue, 1 Jul 2003 23:30:00 -0700" is 1 July although it is 2 July in UTC).
 *
 * @module
 */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_MS = 86_400_000;

function dayNumber(year: number, month: number, day: number): number | null {
  const t = Date.UTC(year, month, day);
  const d = new Date(t);
  // Date.UTC rolls 31-Feb over into March: a day the month does not have is no date.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month || d.getUTCDate() !== day) return null;
  return Math.floor(t / DAY_MS);
}

/** RFC 9051 `date-text` (`1-Feb-1994`, `01-feb-1994`) → day number, or null. */
export function parseSearchDate(s: string): number | null {
  const m = /^([0-9]{1,2})-([A-Za-z]{3})-([0-9]{4})$/.exec(s);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2].toLowerCase());
  if (month < 0) return null;
  return dayNumber(Number(m[3]), month, Number(m[1]));
}

/** The UTC day of an instant. */
export function utcDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS);
}

/**
 * The day a Date header names (RFC 5322 3.3 with its obsolete forms: optional day name, two- or
 * three-digit years, comments, any zone), or null when there is none to read.
 */
export function sentDay(date: string | null): number | null {
  if (!date) return null;
  const m = /(?:^|[\s,(])([0-9]{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+([0-9]{2,4})(?![0-9])/.exec(date);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2].toLowerCase());
  if (month < 0) return null;
  let year = Number(m[3]);
  // RFC 5322 4.3: two digits are 1950-2049, three digits are added to 1900.
  if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
  else if (m[3].length === 3) year += 1900;
  return dayNumber(year, month, Number(m[1]));
}
