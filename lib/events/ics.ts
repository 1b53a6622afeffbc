/**
 * A profile's events as an iCalendar file (RFC 5545): one VEVENT per event or series, its
 * recurrence as RRULE and EXDATE, reminders as VALARMs. A recurring event in a zone other than
 * UTC is written in wall-clock time with its TZID, and the file carries a VTIMEZONE for each such
 * zone, derived from `Intl` (its transitions from the earliest event on, then its current yearly
 * rule), so calendars keep 09:00 at 09:00 across DST as Hearth does. Other times are UTC.
 */
import { rawOffset, toFloating } from "../dates/zones.ts";
import { DAY_MS } from "./time.ts";
import type { CalendarEvent } from "./types.ts";

const CRLF = "\r\n";

/** TEXT escaping: backslash, semicolon, comma and newlines. */
export function escapeText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** The UTF-8 length of one code point (a `for…of` step of a string). */
function utf8Length(char: string): number {
  const c = char.codePointAt(0)!;
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/** Folds a content line at 75 octets (never inside a UTF-8 character), CRLF + space. */
export function fold(line: string): string {
  // Most lines are short ASCII: nothing to fold (a UTF-16 unit is at least one octet).
  if (line.length <= 75 && /^\p{ASCII}*$/u.test(line)) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    // Counted, not encoded: a TextEncoder per character cost ~1 µs each (seconds per feed).
    const size = utf8Length(char);
    // The first line holds 75 octets; each continuation line 74 after its leading space.
    if (octets + size > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** `YYYYMMDDTHHMMSS` of (floating) milliseconds, with `Z` if asked. */
function stamp(ms: number, utc = false): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").slice(0, 15) + (utc ? "Z" : "");
}

const isUtc = (zone: string) => zone === "UTC" || zone === "Etc/UTC";

/** `+hhmm` of an offset in milliseconds. */
function offsetText(ms: number): string {
  const sign = ms < 0 ? "-" : "+";
  const minutes = Math.abs(Math.round(ms / 60_000));
  const h = String(Math.floor(minutes / 60)).padStart(2, "0");
  return `${sign}${h}${String(minutes % 60).padStart(2, "0")}`;
}

const offsetAt = rawOffset;

interface Transition {
  /** The instant (UTC) of the change. */
  at: number;
  from: number;
  to: number;
}

/** The offset changes of `zone` in [`from`, `to`) (UTC milliseconds), to the minute. */
function transitions(zone: string, from: number, to: number): Transition[] {
  const found: Transition[] = [];
  const step = DAY_MS / 2;
  let before = offsetAt(from, zone);
  for (let t = from + step; t < to; t += step) {
    const now = offsetAt(t, zone);
    if (now === before) continue;
    let lo = t - step, hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(mid, zone) === before) lo = mid;
      else hi = mid;
    }
    found.push({ at: hi, from: before, to: now });
    before = now;
  }
  return found;
}

/** BYMONTH and BYDAY (`-1SU`, `2SU`) of a transition's local date. */
function yearlyRule(localMs: number): string {
  const d = new Date(localMs);
  const day = d.getUTCDate();
  const month = d.getUTCMonth();
  const daysInMonth = new Date(Date.UTC(d.getUTCFullYear(), month + 1, 0)).getUTCDate();
  const n = day + 7 > daysInMonth ? -1 : Math.ceil(day / 7);
  const weekday = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][d.getUTCDay()];
  return `FREQ=YEARLY;BYMONTH=${month + 1};BYDAY=${n}${weekday}`;
}

/** The date a yearly rule gives in `year` (floating), at the given time of day. */
function ruleDate(rule: string, year: number, timeOfDay: number): number {
  const [, month, n, weekday] = /BYMONTH=(\d+);BYDAY=(-?\d)(\w\w)/.exec(rule)!;
  const wd = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"].indexOf(weekday);
  const m = Number(month) - 1;
  if (Number(n) > 0) {
    const first = new Date(Date.UTC(year, m, 1)).getUTCDay();
    const day = 1 + ((wd - first + 7) % 7) + (Number(n) - 1) * 7;
    return Date.UTC(year, m, day) + timeOfDay;
  }
  const last = new Date(Date.UTC(year, m + 1, 0));
  const day = last.getUTCDate() - ((last.getUTCDay() - wd + 7) % 7);
  return Date.UTC(year, m, day) + timeOfDay;
}

/**
 * A VTIMEZONE for `zone` valid from `sinceYear` on: each transition up to the current year as
 * its own observance, then, when the zone still changes twice a year by a rule that holds for
 * the next years, that rule (RRULE) for the future; otherwise the explicit transitions 30 years
 * ahead.
 */
export function vtimezone(zone: string, sinceYear: number, now: number): string[] {
  const thisYear = new Date(now).getUTCFullYear();
  // The same zone, years and Intl data give the same lines: scanning a zone costs ~100 ms of
  // Intl calls, which a calendar feed would otherwise pay per zone on every fetch.
  const key = `${zone}|${sinceYear}|${thisYear}`;
  const known = vtimezones.get(key);
  if (known) return known;
  const lines = scanVtimezone(zone, sinceYear, thisYear);
  if (vtimezones.size >= 500) vtimezones.clear();
  vtimezones.set(key, lines);
  return lines;
}

const vtimezones = new Map<string, string[]>();

function scanVtimezone(zone: string, sinceYear: number, thisYear: number): string[] {
  const start = Date.UTC(sinceYear - 1, 0, 1);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  const observance = (t: Transition, dtstart: number, rrule?: string) => {
    const kind = t.to > t.from ? "DAYLIGHT" : "STANDARD";
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${stamp(dtstart)}`,
      `TZOFFSETFROM:${offsetText(t.from)}`,
      `TZOFFSETTO:${offsetText(t.to)}`,
      ...(rrule ? [`RRULE:${rrule}`] : []),
      `END:${kind}`,
    );
  };
  const past = transitions(zone, start, Date.UTC(thisYear, 0, 1));
  const future = transitions(zone, Date.UTC(thisYear, 0, 1), Date.UTC(thisYear + 6, 0, 1));
  // The first observance says what held before any listed change.
  const initial = offsetAt(start, zone);
  lines.push(
    "BEGIN:STANDARD",
    `DTSTART:${stamp(start + initial)}`,
    `TZOFFSETFROM:${offsetText(initial)}`,
    `TZOFFSETTO:${offsetText(initial)}`,
    "END:STANDARD",
  );
  for (const t of past) observance(t, t.at + t.from);
  // A yearly rule per kind of change this year, if the next five years follow it.
  const thisYears = future.filter((t) => new Date(t.at).getUTCFullYear() === thisYear);
  const rules = thisYears.map((t) => {
    const local = t.at + t.from;
    return { t, local, rule: yearlyRule(local), time: local % DAY_MS };
  });
  const holds = thisYears.length === 2 && future.length === 12 && future.every((t) => {
    const r = rules.find((r) => r.t.from === t.from && r.t.to === t.to);
    return r && ruleDate(r.rule, new Date(t.at).getUTCFullYear(), r.time) === t.at + t.from;
  });
  if (holds) {
    for (const r of rules) observance(r.t, r.local, r.rule);
  } else {
    for (const t of transitions(zone, Date.UTC(thisYear, 0, 1), Date.UTC(thisYear + 30, 0, 1))) {
      observance(t, t.at + t.from);
    }
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

/** Whether an event is written in wall-clock time with a TZID. */
const zoned = (e: CalendarEvent) => !e.allDay && e.rrule !== null && !isUtc(e.timeZone);

/** A DTSTART / DTEND / EXDATE property of an event. */
function timeProperty(name: string, e: CalendarEvent, values: string[]): string {
  if (e.allDay) return `${name};VALUE=DATE:${values.map((v) => v.replace(/-/g, "")).join(",")}`;
  if (zoned(e)) {
    const local = values.map((v) => stamp(toFloating(Date.parse(v), e.timeZone)));
    return `${name};TZID=${e.timeZone}:${local.join(",")}`;
  }
  return `${name}:${values.map((v) => stamp(Date.parse(v), true)).join(",")}`;
}

/**
 * The RRULE with the day parts RFC 5545 takes from DTSTART written out (BYMONTHDAY for MONTHLY,
 * BYMONTH and BYMONTHDAY for YEARLY): the same series, but a calendar that would move February
 * 29th to March 1st in other years (ical.js does) or the 31st to the 30th skips them instead.
 */
function explicitRule(e: CalendarEvent): string {
  const rule = e.rrule ?? "";
  if (/(^|;)BY(WEEKNO|YEARDAY|MONTHDAY|DAY|EASTER)=/.test(rule)) return rule;
  const local = new Date(
    e.allDay ? Date.parse(e.start) : toFloating(Date.parse(e.start), e.timeZone),
  );
  if (/(^|;)FREQ=MONTHLY(;|$)/.test(rule)) return `${rule};BYMONTHDAY=${local.getUTCDate()}`;
  if (!/(^|;)FREQ=YEARLY(;|$)/.test(rule)) return rule;
  const month = /(^|;)BYMONTH=/.test(rule) ? "" : `;BYMONTH=${local.getUTCMonth() + 1}`;
  return `${rule}${month};BYMONTHDAY=${local.getUTCDate()}`;
}

/** The profile's calendar as RFC 5545 text (CRLF line ends, folded at 75 octets). */
export function toIcs(
  events: readonly CalendarEvent[],
  options: { name: string; now?: number },
): string {
  const now = options.now ?? Date.now();
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Hearth//Hearth calendar//EN",
    "CALSCALE:GREGORIAN",
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ];
  const since = new Map<string, number>();
  for (const e of events.filter(zoned)) {
    const year = new Date(Date.parse(e.start)).getUTCFullYear();
    since.set(e.timeZone, Math.min(since.get(e.timeZone) ?? year, year));
  }
  for (const [zone, year] of [...since].sort()) lines.push(...vtimezone(zone, year, now));
  for (const e of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${e.id}@hearth`,
      `DTSTAMP:${stamp(Date.parse(e.updatedAt), true)}`,
      `CREATED:${stamp(Date.parse(e.createdAt), true)}`,
      `LAST-MODIFIED:${stamp(Date.parse(e.updatedAt), true)}`,
      timeProperty("DTSTART", e, [e.start]),
      timeProperty("DTEND", e, [e.end]),
      `SUMMARY:${escapeText(e.title)}`,
    );
    if (e.notes) lines.push(`DESCRIPTION:${escapeText(e.notes)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.rrule) lines.push(`RRULE:${explicitRule(e)}`);
    if (e.exdates.length) lines.push(timeProperty("EXDATE", e, e.exdates));
    for (const minutes of e.reminderMinutes) {
      lines.push(
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        `DESCRIPTION:${escapeText(e.title)}`,
        `TRIGGER:-PT${minutes}M`,
        "END:VALARM",
      );
    }
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(fold).join(CRLF) + CRLF;
}
