/**
 * The dates and times the todos API accepts, parsed strictly, and wall times as "floating"
 * numbers for the recurrence rules. Wall clock ↔ instant in a zone lives in `lib/dates/zones.ts`.
 */

/** Year, month (1–12), day, hour, minute, second of a wall clock. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A wall time as if it were UTC ("floating"): the number rrule computes with. */
export function floating(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The wall time a floating number stands for. */
export function floatingWall(ms: number): WallTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** What `parseDateTime` read: a day, a wall time without zone, or an instant. */
export type ParsedDateTime =
  | { kind: "date"; wall: WallTime }
  | { kind: "local"; wall: WallTime }
  | { kind: "instant"; ms: number };

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Earliest and latest instant Hearth stores (years 1970 to 9999: `toISOString` sorts as text). */
export const MIN_MS = 0;
export const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

function realWall(w: WallTime): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59) return false;
  if (w.second > 59) return false;
  return w.day <= new Date(Date.UTC(w.year, w.month, 0)).getUTCDate();
}

/**
 * Reads `YYYY-MM-DD` (a day), `YYYY-MM-DDTHH:MM[:SS[.sss]]` (a wall time) or the same with `Z`
 * or `±HH:MM` (an instant). Undefined for anything else, and for dates that do not exist
 * (`2026-02-30`, `24:00`).
 */
export function parseDateTime(text: string): ParsedDateTime | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const wall: WallTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  if (wall.year < 1970 || !realWall(wall)) return undefined;
  if (m[4] === undefined) return { kind: "date", wall };
  if (m[8] === undefined) return { kind: "local", wall };
  let offset = 0;
  if (m[8] !== "Z") {
    const [h, min] = m[8].slice(1).split(":").map(Number);
    if (h > 14 || min > 59) return undefined;
    offset = (m[8][0] === "-" ? -1 : 1) * (h * 60 + min) * 60_000;
  }
  const ms = floating(wall) + Number((m[7] ?? "0").padEnd(3, "0")) - offset;
  if (ms < MIN_MS || ms > MAX_MS) return undefined;
  return { kind: "instant", ms };
}

/** The next day's date (for the end of an all-day due's day). */
export function nextDay(w: WallTime): WallTime {
  return {
    ...floatingWall(Date.UTC(w.year, w.month - 1, w.day + 1)),
    hour: 0,
    minute: 0,
    second: 0,
  };
}
