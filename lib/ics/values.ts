/**
 * Values of an iCalendar file as ICS import reads them (`import.ts`): dates and date-times from
 * their jCal text (impossible ones refused, not rolled over), a property's text, and wall times.
 */
import type ICAL from "ical.js";
import type { WallTime } from "../dates/zones.ts";

/** A date or date-time value as written. */
export type When =
  | { kind: "date"; date: string }
  | { kind: "utc"; ms: number }
  | { kind: "local"; wall: Required<WallTime> };

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Reads a jCal date (`2026-03-01`) or date-time (`2026-03-01T09:00:00[Z]`); null if impossible. */
export function readWhen(raw: unknown): When | null {
  if (typeof raw !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(Z)?)?$/.exec(raw);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (m[4] === undefined) return { kind: "date", date: `${m[1]}-${m[2]}-${m[3]}` };
  const [hour, minute] = [Number(m[4]), Number(m[5])];
  // A leap second reads as the second before it.
  const second = Math.min(Number(m[6]), 59);
  if (hour > 23 || minute > 59 || Number(m[6]) > 60) return null;
  const wall = { year, month, day, hour, minute, second, millisecond: 0 };
  if (m[7]) return { kind: "utc", ms: Date.UTC(year, month - 1, day, hour, minute, second) };
  return { kind: "local", wall };
}

export const wallMs = (w: WallTime) =>
  Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0);

/** The jCal text of a property's first value, or "". */
export function text(component: ICAL.Component, name: string): string {
  const value = component.getFirstProperty(name)?.jCal[3];
  return typeof value === "string" ? value : "";
}

/** A cut to `max` characters (whole code points), noting it. */
export function cut(value: string, max: number, notes: string[]): string {
  const chars = [...value];
  if (chars.length <= max) return value;
  if (!notes.includes("truncated")) notes.push("truncated");
  return chars.slice(0, max).join("").trim();
}

export function dateParts(date: string) {
  const [year, month, day] = date.split("-").map(Number);
  return { year, month, day };
}

export const parseDay = (date: string) => Date.parse(`${date}T00:00:00Z`);

export const isoDate = (w: WallTime) =>
  `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${
    String(w.day).padStart(2, "0")
  }`;

/** The fields of a floating `Date` (its UTC reading). */
export function wallOf(d: Date): WallTime {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
