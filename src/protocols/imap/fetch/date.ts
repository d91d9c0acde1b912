/**
 * INTERNALDATE as RFC 9051 `date-time`: `"DD-Mon-YYYY HH:MM:SS +0000"`, the day padded with a
 * space (`date-day-fixed`). The store keeps an instant without its original zone, so the zone is
 * always +0000; SEARCH BEFORE/ON/SINCE compare the same UTC date, so what a client sees and what
 * it searches agree.
 *
 * @module
 */

export const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

const two = (n: number) => (n < 10 ? "0" : "") + n;

/** `"17-Jul-1996 09:44:25 +0000"` with the quotes. */
export function formatInternalDate(d: Date): string {
  const day = d.getUTCDate();
  const year = String(d.getUTCFullYear()).padStart(4, "0");
  return `"${day < 10 ? " " + day : day}-${MONTHS[d.getUTCMonth()]}-${year} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000"`;
}
