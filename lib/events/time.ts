/**
 * The dates and times the events API accepts: a `YYYY-MM-DD` day (an all-day event) or an ISO
 * 8601 instant with its offset. Wall clock ↔ instant in a zone lives in `lib/dates/zones.ts`.
 */

export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a floating (or UTC) millisecond value. */
export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Midnight of a `YYYY-MM-DD` date as floating milliseconds, or NaN for an impossible date. */
export function parseDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dateOf(ms) === date ? ms : NaN;
}

/**
 * An ISO 8601 time with its offset (`Z` or `±hh:mm`) as UTC milliseconds, or NaN when it is not
 * one or names an impossible date (February 30th).
 */
export function parseInstant(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i
    .exec(text);
  if (!m || Number.isNaN(parseDate(m[1]))) return NaN;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return NaN;
  return Date.parse(text);
}
