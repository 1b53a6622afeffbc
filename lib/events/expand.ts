/**
 * Recurrence: checking an RRULE and expanding events into their occurrences in a window.
 *
 * The `rrule` library does the calendar math (intervals, BYDAY, month ends, leap days, COUNT,
 * UNTIL) on "floating" times: each event's start is turned into its wall-clock reading in the
 * event's own time zone, the rule is expanded there, and each occurrence is turned back into an
 * instant in that zone (`time.ts`). So a weekly 09:00 meeting in Europe/Berlin stays at 09:00
 * local across a DST change. Expansion is always windowed and capped, so a rule that never ends
 * costs no more than one that does.
 */
import type { Options, RRule as RRuleType } from "rrule";
import { RRule } from "../dates/rrule.ts";
import { HttpError, ValidationError } from "../http/errors.ts";
import { MAX_OCCURRENCES, MAX_WINDOW_DAYS } from "./schemas.ts";
import { fromFloating, toFloating } from "../dates/zones.ts";
import { dateOf, DAY_MS, parseDate } from "./time.ts";
import type { Occurrence } from "./types.ts";

type RRule = RRuleType;

/** What expansion needs of an event (a stored `CalendarEvent` has it all). */
export interface Expandable {
  id: string;
  title: string;
  location: string;
  start: string;
  end: string;
  allDay: boolean;
  timeZone: string;
  rrule: string | null;
  exdates: string[];
  /**
   * For a COUNT rule, its last occurrence (floating ISO), found once when it is saved: expansion
   * then treats the rule as one with that UNTIL and need not walk from the start.
   */
  seriesUntil?: string | null;
}

/** A series with COUNT is walked from its start once, when it is saved: this bounds the walk. */
export const MAX_COUNT = 1_000;
/** The BY parts each frequency takes: each keeps every period non-empty or the walk short. */
const ALLOWED: Record<string, RegExp> = {
  DAILY: /^(BYDAY|BYMONTH)$/,
  WEEKLY: /^(BYDAY|BYMONTH|WKST)$/,
  MONTHLY: /^(BYDAY|BYMONTHDAY|BYMONTH|BYSETPOS|WKST)$/,
  YEARLY: /^(BYDAY|BYMONTHDAY|BYMONTH|BYSETPOS|BYWEEKNO|BYYEARDAY|WKST)$/,
};
const FREQUENCIES = new Set([RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY]);
/** Parts the house does not take: the event's start is the rule's, its zone the event's. */
const REFUSED = /(^|;)(DTSTART|TZID|BYHOUR|BYMINUTE|BYSECOND)=/;

function invalidRrule(detail: string): ValidationError {
  return new ValidationError("rrule", `rrule: ${detail}`, "invalid_rrule");
}

/** `YYYYMMDD` / `YYYYMMDDTHHMMSS` of floating milliseconds. */
function basic(ms: number, withTime: boolean): string {
  const iso = new Date(ms).toISOString().replace(/[-:]/g, "");
  return withTime ? iso.slice(0, 15) : iso.slice(0, 8);
}

/**
 * Checks an RRULE (with or without the `RRULE:` prefix) and returns it as stored: upper case,
 * no prefix, and its UNTIL a date for an all-day event or a UTC instant otherwise (an UNTIL
 * without `Z` is a wall-clock time in `zone`; a bare date there means the end of that day).
 */
export function normalizeRrule(text: string, allDay: boolean, zone: string): string {
  const rule = text.trim().toUpperCase().replace(/^RRULE:/, "");
  if (!rule || /\s/.test(rule)) throw invalidRrule("must be one RRULE line");
  if (REFUSED.test(rule)) throw invalidRrule("DTSTART, TZID, BYHOUR, BYMINUTE and BYSECOND");
  let options: Partial<Options>;
  try {
    options = RRule.parseString(rule);
  } catch (err) {
    throw invalidRrule(err instanceof Error ? err.message : String(err));
  }
  if (options.freq === undefined || !FREQUENCIES.has(options.freq)) {
    throw invalidRrule("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  }
  const freq = /(?:^|;)FREQ=(\w+)/.exec(rule)![1];
  for (const [, name] of rule.matchAll(/(?:^|;)(BY\w+|WKST)=/g)) {
    if (!ALLOWED[freq].test(name)) throw invalidRrule(`${freq} does not take ${name}`);
  }
  if ((freq === "DAILY" || freq === "WEEKLY") && /(?:^|;)BYDAY=[^;]*\d/.test(rule)) {
    throw invalidRrule(`${freq} takes BYDAY without ordinals`);
  }
  if (options.interval !== undefined && !(options.interval >= 1 && options.interval <= 1000)) {
    throw invalidRrule("INTERVAL must be 1 to 1000");
  }
  if (options.count !== undefined && options.count !== null && options.until) {
    throw invalidRrule("UNTIL and COUNT exclude each other");
  }
  if (
    options.count !== undefined && options.count !== null &&
    !(options.count >= 1 && options.count <= MAX_COUNT)
  ) {
    throw invalidRrule(`COUNT must be 1 to ${MAX_COUNT}`);
  }
  const until = /(?:^|;)UNTIL=([^;]*)/.exec(rule)?.[1];
  if (!until) return rule;
  const m = /^(\d{8})(T\d{6})?(Z)?$/.exec(until);
  const at = options.until?.getTime();
  if (!m || at === undefined || Number.isNaN(at)) throw invalidRrule("UNTIL is not a date");
  let stored: string;
  if (allDay) {
    stored = basic(at, false);
  } else if (m[3]) {
    stored = `${basic(at, true)}Z`;
  } else {
    // A wall-clock time (a bare date: the end of that day) in the event's zone.
    const local = m[2] ? at : at + DAY_MS - 1000;
    stored = `${basic(fromFloating(local, zone), true)}Z`;
  }
  return rule.replace(/(^|;)UNTIL=[^;]*/, `$1UNTIL=${stored}`);
}

/**
 * The rule of an event on floating time, or null for a one-off. Given `near` (floating
 * milliseconds), a rule without COUNT starts a whole number of its periods later, just before
 * `near`, so a daily rule from 1990 asked about 2026 does not walk through 36 years first: the
 * parts rrule would take from the start (weekday, day of month, month) are written out first.
 */
export function floatingRule(event: Expandable, near?: number): RRule | null {
  if (!event.rrule) return null;
  const options = RRule.parseString(event.rrule);
  const start = event.allDay
    ? parseDate(event.start)
    : toFloating(Date.parse(event.start), event.timeZone);
  if (options.until && !event.allDay) {
    options.until = new Date(toFloating(options.until.getTime(), event.timeZone));
  }
  if (options.count && event.seriesUntil) {
    options.count = null;
    options.until = new Date(event.seriesUntil);
  }
  let dtstart = new Date(start);
  if (near !== undefined && near > start && (options.count ?? null) === null) {
    dtstart = skipAhead(options, dtstart, near);
  }
  return new RRule({ ...options, dtstart });
}

/** A start whole periods after `start`, before `near`; `options` get the defaults written out. */
function skipAhead(options: Partial<Options>, start: Date, near: number): Date {
  const interval = options.interval ?? 1;
  const has = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && !v.length);
  const plain = !["byweekno", "byyearday", "bymonthday", "byweekday", "byeaster"].some((k) =>
    has(options[k as keyof Options])
  );
  const y = start.getUTCFullYear(), m = start.getUTCMonth(), d = start.getUTCDate();
  const time = start.getTime() - Date.UTC(y, m, d);
  const nearDate = new Date(near);
  switch (options.freq) {
    case RRule.DAILY:
    case RRule.WEEKLY: {
      const period = (options.freq === RRule.DAILY ? 1 : 7) * interval * DAY_MS;
      // Two periods of margin: the caller's window is already widened.
      const k = Math.floor((near - start.getTime()) / period) - 2;
      if (k <= 0) return start;
      if (options.freq === RRule.WEEKLY && plain) options.byweekday = [(start.getUTCDay() + 6) % 7];
      return new Date(start.getTime() + k * period);
    }
    case RRule.MONTHLY: {
      const months = (nearDate.getUTCFullYear() - y) * 12 + nearDate.getUTCMonth() - m;
      const k = Math.floor(months / interval) - 2;
      if (k <= 0) return start;
      if (plain) options.bymonthday = [d];
      return new Date(Date.UTC(y, m + k * interval, 1) + time);
    }
    case RRule.YEARLY: {
      const k = Math.floor((nearDate.getUTCFullYear() - y) / interval) - 2;
      if (k <= 0) return start;
      if (plain) {
        options.bymonthday = [d];
        if (!has(options.bymonth)) options.bymonth = [m + 1];
      }
      return new Date(Date.UTC(y + k * interval, 0, 1) + time);
    }
  }
  return start;
}

/** A window of at most `MAX_WINDOW_DAYS`, given as UTC milliseconds. */
export function checkWindow(from: number, to: number): void {
  if (Number.isNaN(from)) {
    throw new ValidationError("from", "from: must be a time with its offset", "invalid_time");
  }
  if (Number.isNaN(to)) {
    throw new ValidationError("to", "to: must be a time with its offset", "invalid_time");
  }
  if (to <= from) throw new ValidationError("to", "to: must come after from", "window_empty");
  if (to - from > MAX_WINDOW_DAYS * DAY_MS) {
    throw new HttpError(
      422,
      "window_too_large",
      `A window can span at most ${MAX_WINDOW_DAYS} days.`,
      {},
      { max: MAX_WINDOW_DAYS },
    );
  }
}

function tooMany(limit: number): HttpError {
  return new HttpError(
    422,
    "too_many_occurrences",
    `The window holds more than ${limit} occurrences; ask for a shorter one.`,
    {},
    { max: limit },
  );
}

/** An occurrence and its start instant (UTC ms), as the walk finds them (unordered). */
interface Found {
  at: number;
  occurrence: Occurrence;
}

const byStart = (a: Found, b: Found) =>
  a.at - b.at || (a.occurrence.eventId < b.occurrence.eventId ? -1 : 1);

/**
 * Every occurrence of `events` that overlaps the window [`from`, `to`) (UTC milliseconds; an
 * event already running at `from` is in it, one starting at `to` is not), exceptions left out,
 * ordered by start. More than `limit` is a 422, never a long wait.
 */
export function occurrences(
  events: readonly Expandable[],
  from: number,
  to: number,
  limit = MAX_OCCURRENCES,
): Occurrence[] {
  const found: Found[] = [];
  walk(events, from, to, (f) => {
    if (found.length >= limit) throw tooMany(limit);
    found.push(f);
  });
  return found.sort(byStart).map((f) => f.occurrence);
}

/**
 * The first `keep` occurrences in the window by start, and how many there are in all: for a view
 * that shows a few and counts the rest, so a crowded window is never an error. Memory stays
 * within `2 × keep` however many there are.
 */
export function firstOccurrences(
  events: readonly Expandable[],
  from: number,
  to: number,
  keep: number,
): { items: Occurrence[]; total: number } {
  let found: Found[] = [];
  let total = 0;
  walk(events, from, to, (f) => {
    total++;
    found.push(f);
    if (found.length >= 2 * keep) found = found.sort(byStart).slice(0, keep);
  });
  return { items: found.sort(byStart).slice(0, keep).map((f) => f.occurrence), total };
}

/** Calls `add` with each occurrence of `events` in the window, unordered. */
function walk(
  events: readonly Expandable[],
  from: number,
  to: number,
  add: (found: Found) => void,
): void {
  checkWindow(from, to);
  for (const event of events) {
    const zone = event.timeZone;
    const skip = new Set(event.exdates);
    // Floating start and length (days for an all-day event, exact time otherwise).
    const start = event.allDay ? parseDate(event.start) : toFloating(Date.parse(event.start), zone);
    const length = event.allDay
      ? parseDate(event.end) - parseDate(event.start)
      : Date.parse(event.end) - Date.parse(event.start);
    /** Adds the occurrence at floating `f` if it is in the window (throws past a limit). */
    const consider = (f: number): boolean => {
      const at = fromFloating(f, zone);
      const startText = event.allDay ? dateOf(f) : new Date(at).toISOString();
      const until = event.allDay ? fromFloating(f + length, zone) : at + length;
      const overlaps = at < to && (until > from || (until === at && at >= from));
      if (!overlaps || skip.has(startText)) return true;
      add({
        at,
        occurrence: {
          eventId: event.id,
          start: startText,
          end: event.allDay ? dateOf(f + length) : new Date(until).toISOString(),
          title: event.title,
          allDay: event.allDay,
          location: event.location,
          timeZone: zone,
          recurring: event.rrule !== null,
        },
      });
      return true;
    };
    if (!event.rrule) {
      consider(start);
      continue;
    }
    // The window in floating time, widened by the longest offset and the event's length; the
    // exact test is `consider`'s.
    const lo = from - length - 2 * DAY_MS;
    const hi = to + 2 * DAY_MS;
    if (length > BUCKET_MS) {
      // A long event: walked with the callback, so the cap stops it however much overlaps.
      floatingRule(event, lo)!.between(
        new Date(lo),
        new Date(hi),
        true,
        (d) => consider(d.getTime()),
      );
      continue;
    }
    // Only starts whose wall clock can fall in the window are turned into instants: zones lie
    // within UTC-12 and UTC+14, so 15 hours either side is enough (`consider` decides exactly).
    const near = from - length - ZONE_MARGIN_MS;
    const far = to + ZONE_MARGIN_MS;
    for (const f of cachedBetween(event, lo, hi)) {
      if (f >= near && f <= far) consider(f);
    }
  }
}

/**
 * The first and last occurrence (floating milliseconds) of a series, looked for until the end of
 * `lastYear`: null when the rule has none then. The last is only looked for with COUNT (at most
 * `MAX_COUNT`); otherwise it is null for "none found or no end".
 */
export function seriesBounds(
  event: Expandable,
  lastYear: number,
): { first: number; last: number | null } | null {
  const rule = floatingRule({ ...event, seriesUntil: null });
  if (!rule) return null;
  const end = new Date(Date.UTC(lastYear + 1, 0, 1));
  const start = rule.options.dtstart;
  if (rule.options.count) {
    const all = rule.between(start, end, true);
    return all.length ? { first: all[0].getTime(), last: all.at(-1)!.getTime() } : null;
  }
  // The first one only: no rule this house takes needs more than eight years to find it (a
  // leap day across 1900 or 2100).
  let first: number | undefined;
  const horizon = new Date(Math.min(end.getTime(), Date.UTC(start.getUTCFullYear() + 9, 0, 1)));
  rule.between(start, horizon, true, (date) => {
    first = date.getTime();
    return false;
  });
  return first === undefined ? null : { first, last: null };
}

/** Expansion works in month-long buckets, so the same months come from the cache. */
const BUCKET_MS = 32 * DAY_MS;
/** More than the largest distance of a zone's wall clock from UTC (UTC+14). */
const ZONE_MARGIN_MS = 15 * 3_600_000;
const buckets = new Map<string, number[]>();
const MAX_CACHED_BUCKETS = 10_000;

/**
 * The rule's occurrences (floating milliseconds) from the bucket holding `lo` to the one holding
 * `hi`, kept per event and bucket range, so asking for the same days again (today's page, a
 * month view) costs a lookup and no copy (rrule's own cache clones every `Date` it answers). A
 * series has at most one occurrence a day (`ALLOWED`), so a bucket range holds a bounded number.
 * The cached array is shared: callers only read it.
 */
export function cachedBetween(event: Expandable, lo: number, hi: number): readonly number[] {
  const first = Math.floor(lo / BUCKET_MS) * BUCKET_MS;
  const last = Math.ceil(hi / BUCKET_MS) * BUCKET_MS;
  const key =
    `${event.id}|${event.rrule}|${event.start}|${event.timeZone}|${event.seriesUntil}|${first}|${last}`;
  let found = buckets.get(key);
  if (!found) {
    if (buckets.size >= MAX_CACHED_BUCKETS) buckets.clear();
    found = floatingRule(event, first)!.between(new Date(first), new Date(last), true)
      .map((d) => d.getTime());
    buckets.set(key, found);
  }
  return found;
}

/** Whether `start` (floating milliseconds) is an occurrence of `event`'s series. */
export function isOccurrence(event: Expandable, floating: number): boolean {
  const rule = floatingRule(event, floating);
  if (!rule) return false;
  const at = new Date(floating);
  return rule.between(at, at, true).length > 0;
}
