/**
 * Wall-clock time in an IANA time zone, through `Intl` only: the parts of an instant in a zone,
 * the instant of a wall-clock time in a zone (DST gaps and overlaps resolved as Temporal's
 * "compatible": a time skipped by a gap moves forward by the gap, an ambiguous one takes the
 * earlier instant), and strict parsing of the dates and times the API accepts.
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

let zones: Set<string> | undefined;

/** True for an IANA zone name this runtime knows (`Intl.supportedValuesOf`), or "UTC". */
export function isTimeZone(name: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return zones.has(name);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
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
    formatters.set(zone, f);
  }
  return f;
}

/** The wall clock in `zone` at the instant `ms`. */
export function wallTimeOf(ms: number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(ms)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** A wall time as if it were UTC ("floating"): the number rrule computes with. */
export function floating(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The wall time a floating number stands for. */
export function fromFloating(ms: number): WallTime {
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

/** The zone's offset from UTC at the instant `ms`, in ms (whole seconds). */
function offsetAt(ms: number, zone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return floating(wallTimeOf(whole, zone)) - whole;
}

const DAY = 86_400_000;

/** The instant the wall clock in `zone` shows `w` (see the module comment for gaps and overlaps). */
export function instantOf(w: WallTime, zone: string): number {
  const local = floating(w);
  // The offsets a day either side: at most one transition lies between them.
  const before = offsetAt(local - DAY, zone);
  const after = offsetAt(local + DAY, zone);
  const fits = (t: number) => floating(wallTimeOf(t, zone)) === local;
  const candidates = [local - before, local - after].filter(fits).sort((a, b) => a - b);
  // Ambiguous (an overlap): the earlier; skipped (a gap): the offset before it, so it moves on.
  return candidates[0] ?? local - before;
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
    ...fromFloating(Date.UTC(w.year, w.month - 1, w.day + 1)),
    hour: 0,
    minute: 0,
    second: 0,
  };
}
