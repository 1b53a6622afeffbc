/**
 * Wall-clock time in an IANA time zone, through `Intl` only. The recurrence library works on
 * "floating" times (a wall-clock reading stored in a `Date` as if it were UTC); these helpers turn
 * a real instant into its floating reading in a zone and back, the way RFC 5545 does: a time that
 * falls in a DST gap moves forward by the gap, a time that happens twice is the first of the two.
 */

const DAY_MS = 86_400_000;

let zones: Set<string> | undefined;

/** Whether `zone` is an IANA time zone this runtime knows (or "UTC"). */
export function isTimeZone(zone: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"]);
  return zones.has(zone);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, f);
  }
  return f;
}

/** The wall-clock reading of `utcMs` in `zone`, straight from `Intl` (whole seconds). */
function readWallClock(utcMs: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const p of format(zone).formatToParts(new Date(utcMs))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** `zone`'s offset at `utcMs` (whole seconds), uncached: for scans that never ask twice. */
export function rawOffset(utcMs: number, zone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return readWallClock(whole, zone) - whole;
}

const HOUR_MS = 3_600_000;
/** Offsets by zone, then hour, for hours without a change inside (Intl is the slow part). */
const offsets = new Map<string, Map<number, number>>();
const MAX_CACHED = 100_000;
let cachedCount = 0;

/** `zone`'s offset from UTC at the instant `utcMs`, in milliseconds (east positive). */
function offsetAt(utcMs: number, zone: string): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  let hours = offsets.get(zone);
  const cached = hours?.get(hour);
  if (cached !== undefined) return cached;
  const whole = Math.floor(utcMs / 1000) * 1000;
  const offset = readWallClock(whole, zone) - whole;
  // Cached only when the hour has one offset from its first to its last second.
  const first = hour * HOUR_MS;
  const last = first + HOUR_MS - 1000;
  if (
    readWallClock(first, zone) - first === offset && readWallClock(last, zone) - last === offset
  ) {
    if (cachedCount >= MAX_CACHED) {
      offsets.clear();
      cachedCount = 0;
      hours = undefined;
    }
    if (!hours) offsets.set(zone, hours = new Map());
    hours.set(hour, offset);
    cachedCount++;
  }
  return offset;
}

/** The floating reading (wall clock as UTC milliseconds) of the instant `utcMs` in `zone`. */
export function toFloating(utcMs: number, zone: string): number {
  return utcMs + offsetAt(utcMs, zone);
}

/**
 * The instant at which the wall clock in `zone` reads `floatingMs`. In a DST gap (a reading that
 * never happens) the offset from before the gap applies, so 02:30 on a spring-forward night is
 * 03:30; a reading that happens twice (fall back) is the earlier instant.
 */
export function fromFloating(floatingMs: number, zone: string): number {
  const a = offsetAt(floatingMs - DAY_MS / 2, zone);
  const b = offsetAt(floatingMs + DAY_MS / 2, zone);
  const fits = [floatingMs - a, floatingMs - b].filter((t) => offsetAt(t, zone) === floatingMs - t);
  if (fits.length) return Math.min(...fits);
  // A gap: the offset before it (the earlier one, `a`).
  return floatingMs - a;
}

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

export { DAY_MS };
