/**
 * Time zones: which IANA names Hearth accepts, the box's own zone, and wall time ↔ instant in a
 * zone through `Intl` (no offset tables of our own). Every instant Hearth keeps is UTC; a wall
 * time ("9:00 in Berlin") becomes one only here, so DST is handled in one place.
 */
import { z } from "zod";

let known: Set<string> | undefined;

/** The zones Hearth accepts: `Intl.supportedValuesOf("timeZone")` and "UTC". */
export function timeZones(): Set<string> {
  known ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return known;
}

/**
 * The spelling Hearth keeps for a zone, or null when it is not one. Names in the list stand as
 * they are; other names Intl knows are read as theirs in the list: newer IANA names that the
 * list still spells the old way ("Asia/Kolkata" → "Asia/Calcutta", "Europe/Kyiv" → "Europe/Kiev",
 * which browsers report), "Etc/UTC" → "UTC", and another case ("europe/berlin").
 */
export function canonicalTimeZone(name: string): string | null {
  const known = timeZones();
  if (known.has(name)) return name;
  if (name.length > 64 || !/^[A-Za-z][A-Za-z0-9/_+-]*$/.test(name)) return null;
  try {
    const canonical = new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
    return known.has(canonical) ? canonical : null;
  } catch {
    return null;
  }
}

/** Whether `name` is a zone Hearth accepts (`canonicalTimeZone`). */
export function isTimeZone(name: string): boolean {
  return canonicalTimeZone(name) !== null;
}

/** The box's zone when Hearth accepts it, else "UTC": the default for a new profile. */
export function defaultTimeZone(): string {
  const own = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (own && canonicalTimeZone(own)) || "UTC";
}

/**
 * A time zone in a request body: a zone Hearth accepts, answered in its kept spelling (422 `is
 * not a known time zone` otherwise).
 */
export const timeZoneSchema = z.string().max(64).refine(isTimeZone, "is not a known time zone")
  .transform((name) => canonicalTimeZone(name)!);

/** A wall time in some zone; `month` is 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

/** A wall time as `zonedParts` reads it, with the weekday (0 = Sunday) and the zone's offset. */
export interface ZonedParts extends Required<WallTime> {
  weekday: number;
  /** Minutes east of UTC at that instant (Berlin in winter: 60). */
  offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock at the whole second `utcMs` in `zone`, straight from `Intl`, as floating ms. */
function readWallClock(utcMs: number, zone: string): number {
  const values: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(utcMs)) {
    if (part.type !== "literal" && part.type !== "era") values[part.type] = Number(part.value);
  }
  return wallMs({
    year: values.year,
    month: values.month,
    day: values.day,
    hour: values.hour,
    minute: values.minute,
    second: values.second,
  });
}

/**
 * A wall time as if it were UTC ("floating" milliseconds): the number recurrence rules compute
 * with. `setUTCFullYear`, not `Date.UTC`, so years 0–99 stay themselves.
 */
function wallMs(w: WallTime): number {
  const at = new Date(0);
  at.setUTCFullYear(w.year, w.month - 1, w.day);
  at.setUTCHours(w.hour, w.minute, w.second ?? 0, w.millisecond ?? 0);
  return at.getTime();
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** `zone`'s offset at `utcMs` in ms (whole seconds), uncached: for scans that never ask twice. */
export function rawOffset(utcMs: number, zone: string): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  return readWallClock(whole, zone) - whole;
}

/** Offsets by zone, then hour, for hours without a change inside (`Intl` is the slow part). */
const offsets = new Map<string, Map<number, number>>();
const MAX_CACHED = 100_000;
let cachedCount = 0;

/** `zone`'s offset from UTC at the instant `utcMs`, in ms (east positive), cached by hour. */
function offsetMs(utcMs: number, zone: string): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  let hours = offsets.get(zone);
  const cached = hours?.get(hour);
  if (cached !== undefined) return cached;
  const offset = rawOffset(utcMs, zone);
  // Cached only when the hour has one offset from its first to its last second.
  const first = hour * HOUR_MS;
  if (rawOffset(first, zone) === offset && rawOffset(first + HOUR_MS - 1000, zone) === offset) {
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
  return utcMs + offsetMs(utcMs, zone);
}

/**
 * The instant at which the wall clock in `zone` reads `floatingMs`. A reading that never happens
 * (spring forward: 02:30 in Berlin on the last Sunday of March) moves forward by the gap (03:30
 * CEST); one that happens twice (fall back) is the earlier instant, as RFC 5545 and Temporal's
 * "compatible" have it.
 */
export function fromFloating(floatingMs: number, zone: string): number {
  // The offsets a day either side bracket any transition near this reading.
  const before = offsetMs(floatingMs - DAY_MS, zone);
  const after = offsetMs(floatingMs + DAY_MS, zone);
  const fits = [floatingMs - before, floatingMs - after]
    .filter((t) => offsetMs(t, zone) === floatingMs - t);
  if (fits.length) return Math.min(...fits);
  // None fits: a gap. The offset before it puts the time after the change, moved forward.
  return floatingMs - before;
}

/** The wall time at `instant` in `timeZone` (throws a RangeError for an unknown zone). */
export function zonedParts(instant: Date | number, timeZone: string): ZonedParts {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("Invalid instant");
  const offset = offsetMs(ms, timeZone);
  const wall = new Date(ms + offset);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    weekday: wall.getUTCDay(),
    offset: Math.round(offset / 60_000),
  };
}

/** Minutes east of UTC in `timeZone` at `instant`. */
export function offsetAt(instant: Date | number, timeZone: string): number {
  return zonedParts(instant, timeZone).offset;
}

/**
 * The instant of a wall time in `timeZone` (gaps and overlaps as `fromFloating`). Out-of-range
 * fields roll over as in `Date.UTC` (day 32 is the 1st of the next month).
 */
export function fromZoned(wall: WallTime, timeZone: string): Date {
  const local = wallMs(wall);
  if (!Number.isFinite(local)) throw new RangeError("Invalid wall time");
  return new Date(fromFloating(local, timeZone));
}

/** Midnight at the start of `instant`'s day in `timeZone`. */
export function startOfZonedDay(instant: Date | number, timeZone: string): Date {
  const p = zonedParts(instant, timeZone);
  return fromZoned({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, timeZone);
}
