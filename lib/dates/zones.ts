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

function wallMs(w: WallTime): number {
  const at = new Date(0);
  // setUTCFullYear, not Date.UTC: years 0–99 stay themselves.
  at.setUTCFullYear(w.year, w.month - 1, w.day);
  at.setUTCHours(w.hour, w.minute, w.second ?? 0, w.millisecond ?? 0);
  return at.getTime();
}

/** The wall time at `instant` in `timeZone` (throws a RangeError for an unknown zone). */
export function zonedParts(instant: Date | number, timeZone: string): ZonedParts {
  const ms = typeof instant === "number" ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("Invalid instant");
  const values: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type !== "literal" && part.type !== "era") values[part.type] = Number(part.value);
  }
  const millisecond = ((ms % 1000) + 1000) % 1000;
  const wall: Required<WallTime> = {
    year: values.year,
    month: values.month,
    day: values.day,
    hour: values.hour,
    minute: values.minute,
    second: values.second,
    millisecond,
  };
  const offset = Math.round((wallMs(wall) - ms) / 60_000);
  return { ...wall, weekday: new Date(wallMs(wall)).getUTCDay(), offset };
}

/** Minutes east of UTC in `timeZone` at `instant`. */
export function offsetAt(instant: Date | number, timeZone: string): number {
  return zonedParts(instant, timeZone).offset;
}

const DAY_MS = 86_400_000;

/**
 * The instant of a wall time in `timeZone`. Out-of-range fields roll over as in `Date.UTC`
 * (day 32 is the 1st of the next month). A wall time that does not exist (spring forward: 02:30
 * in Berlin on the last Sunday of March) moves forward by the gap (03:30 CEST); one that exists
 * twice (fall back: 02:30 on the last Sunday of October) is the earlier (02:30 CEST).
 */
export function fromZoned(wall: WallTime, timeZone: string): Date {
  const local = wallMs(wall);
  if (!Number.isFinite(local)) throw new RangeError("Invalid wall time");
  // The offsets a day either side bracket any transition near this wall time.
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const candidates = [local - before * 60_000, local - after * 60_000]
    .filter((t) => offsetAt(t, timeZone) * 60_000 === local - t)
    .sort((a, b) => a - b);
  // None fits: a gap. The offset before it puts the time after the change, moved forward.
  return new Date(candidates[0] ?? local - before * 60_000);
}

/** Midnight at the start of `instant`'s day in `timeZone`. */
export function startOfZonedDay(instant: Date | number, timeZone: string): Date {
  const p = zonedParts(instant, timeZone);
  return fromZoned({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, timeZone);
}
