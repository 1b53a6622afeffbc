/**
 * The Calendar page's date arithmetic, the same on the server and in the island (browser-safe,
 * `Intl` only): days as `YYYY-MM-DD`, their names in the reader's language, an occurrence's time
 * in the profile's zone, a wall time in a zone as an instant, and the page's links.
 */
import type { CalendarView, DayItem } from "../../lib/calendar/types.ts";

const DAY_MS = 86_400_000;

/** Midnight of a `YYYY-MM-DD` as UTC milliseconds (the day's "floating" reading). */
export function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** `YYYY-MM-DD` of UTC milliseconds. */
export function dayText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return dayText(dayMs(day) + n * DAY_MS);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) formats.set(key, f = new Intl.DateTimeFormat(locale, options));
  return f;
}

/** A day as the reader says it (`options` of `Intl.DateTimeFormat`, read in UTC). */
export function sayDay(day: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  return format(locale, { ...options, timeZone: "UTC" }).format(dayMs(day));
}

/** The short weekday names from Monday. */
export function weekdayNames(locale: string, width: "short" | "narrow" = "short"): string[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) =>
    sayDay(addDays("2024-01-01", i), locale, {
      weekday: width,
    }));
}

/** A time of day of the instant `iso` in `timeZone` ("09:00", "9:00 AM"). */
export function sayTime(iso: string, locale: string, timeZone: string): string {
  return format(locale, { hour: "numeric", minute: "2-digit", timeZone }).format(Date.parse(iso));
}

/** `YYYY-MM-DD` and `HH:MM` of the instant `ms` in `timeZone`. */
export function wallOf(ms: number, timeZone: string): { day: string; time: string } {
  const parts: Record<string, string> = {};
  const f = format("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
  for (const p of f.formatToParts(ms)) parts[p.type] = p.value;
  return {
    day: `${parts.year.padStart(4, "0")}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/** The offset of `timeZone` at the instant `ms`, in milliseconds east of UTC. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallOf(ms, timeZone);
  return Date.parse(`${w.day}T${w.time}:00Z`) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * The instant (ISO, UTC) at which the wall clock in `timeZone` reads `day` `time`. A time a DST
 * gap skips moves forward by the gap; one that happens twice is the earlier, as on the server.
 */
export function instantOf(day: string, time: string, timeZone: string): string {
  const local = Date.parse(`${day}T${time}:00Z`);
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const fits = [local - before, local - after].filter((t) => offsetAt(t, timeZone) === local - t)
    .sort((a, b) => a - b);
  return new Date(fits[0] ?? local - before).toISOString();
}

/** What an item shows before its title: its time, or nothing for an all-day or running one. */
export function itemTime(item: DayItem, locale: string, timeZone: string): string {
  if (item.allDay || item.fromBefore) return "";
  return sayTime(item.start, locale, timeZone);
}

/** The page's address for a view anchored on `date` (and a chosen day or event). */
export function calendarHref(
  view: CalendarView,
  date: string,
  extra: { day?: string; event?: string } = {},
): string {
  const q = new URLSearchParams({ view, date });
  if (extra.day) q.set("day", extra.day);
  if (extra.event) q.set("event", extra.event);
  return `/calendar?${q}`;
}
