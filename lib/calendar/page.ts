/**
 * What one view of the Calendar page shows (`/calendar?view=&date=&day=&event=`, and
 * `GET /api/calendar` for the island): the view's days in the profile's zone, the chosen day in
 * full, the asked-for event. A query that cannot be read (an unknown view, an impossible date)
 * falls back to this month with a notice, never an error page; an event id that is not the
 * profile's is the 404 of a missing one.
 */
import type { Kysely } from "kysely";
import { zonedParts } from "../dates/zones.ts";
import type { Database } from "../db/schema.ts";
import { occurrences } from "../events/expand.ts";
import { getEvent } from "../events/store.ts";
import { dateOf, DAY_MS, parseDate } from "../events/time.ts";
import type { CalendarEvent } from "../events/types.ts";
import { calendarDays } from "./days.ts";
import { CALENDAR_VIEWS, type CalendarData, type CalendarView } from "./types.ts";

/** Items a month cell keeps (it shows three and says how many more). */
export const MONTH_CAP = 3;
/** Items a day keeps in the week and agenda views, and the chosen day. */
export const DAY_CAP = 50;
/** Days the agenda shows at a time. */
export const AGENDA_DAYS = 14;

/** The query as it came (each value a string or absent). */
export interface CalendarQuery {
  view?: string | null;
  date?: string | null;
  day?: string | null;
  event?: string | null;
}

/** A `YYYY-MM-DD` within the years events may take, or null. */
function readDate(text: string): number | null {
  const ms = parseDate(text);
  if (Number.isNaN(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1900 && year <= 2199 ? ms : null;
}

/** Monday on or before the floating day `ms`. */
function monday(ms: number): number {
  return ms - ((new Date(ms).getUTCDay() + 6) % 7) * DAY_MS;
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

/** `YYYY-MM-DD` of the instant `ms` in `zone`. */
export function dayIn(ms: number, zone: string): string {
  const p = zonedParts(ms, zone);
  return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}-${
    String(p.day).padStart(2, "0")
  }`;
}

/** The day (in `zone`) of the event's next occurrence from `now`, else of its first. */
function eventDay(event: CalendarEvent, zone: string, now: number): string {
  const dayOfStart = (start: string) => event.allDay ? start : dayIn(Date.parse(start), zone);
  if (event.rrule) {
    const found = occurrences([event], now - DAY_MS, now + 366 * DAY_MS, 1_000)
      .find((o) => (o.allDay ? parseDate(o.end) : Date.parse(o.end)) > now - DAY_MS);
    if (found) return dayOfStart(found.start);
  }
  return dayOfStart(event.start);
}

/** The page's data for `query` at `now`, for a profile in `zone`. */
export async function calendarData(
  db: Kysely<Database>,
  profileId: string,
  zone: string,
  query: CalendarQuery,
  now: number,
): Promise<CalendarData> {
  const today = dayIn(now, zone);
  let notice: string | null = null;
  let view: CalendarView = "month";
  if (query.view) {
    if ((CALENDAR_VIEWS as readonly string[]).includes(query.view)) {
      view = query.view as CalendarView;
    } else notice = "calendar.notice.badView";
  }
  let anchor = parseDate(today);
  if (query.date) {
    const ms = readDate(query.date);
    if (ms === null) notice = "calendar.notice.badDate";
    else anchor = ms;
  }
  let chosen: number | null = null;
  if (query.day) {
    chosen = readDate(query.day);
    if (chosen === null) notice = "calendar.notice.badDate";
  }
  const event = query.event ? await getEvent(db, profileId, query.event.slice(0, 100)) : null;
  if (event) {
    const at = parseDate(eventDay(event, zone, now));
    if (!query.date) anchor = at;
    if (!query.day) chosen = at;
  }

  let first: number, count: number, prev: number, next: number;
  if (view === "month") {
    const start = addMonths(anchor, 0);
    first = monday(start);
    const end = addMonths(anchor, 1);
    count = Math.ceil((end - first) / DAY_MS / 7) * 7;
    prev = addMonths(anchor, -1);
    next = end;
  } else if (view === "week") {
    first = monday(anchor);
    count = 7;
    prev = first - 7 * DAY_MS;
    next = first + 7 * DAY_MS;
  } else {
    first = anchor;
    count = AGENDA_DAYS;
    prev = first - AGENDA_DAYS * DAY_MS;
    next = first + AGENDA_DAYS * DAY_MS;
  }
  const inView = (ms: number | null) => ms !== null && ms >= first && ms < first + count * DAY_MS;
  const todayMs = parseDate(today);
  const selectedAt = view !== "month"
    ? null
    : inView(chosen)
    ? chosen!
    : inView(todayMs) && todayMs >= anchor && todayMs < addMonths(anchor, 1)
    ? todayMs
    : null;
  const selectedIndex = selectedAt === null ? -1 : Math.round((selectedAt - first) / DAY_MS);
  const { days, partial } = await calendarDays(
    db,
    profileId,
    zone,
    dateOf(first),
    count,
    (i) => view === "month" && i !== selectedIndex ? MONTH_CAP : DAY_CAP,
  );
  return {
    view,
    date: dateOf(view === "month" ? addMonths(anchor, 0) : anchor),
    today,
    timeZone: zone,
    days,
    month: dateOf(anchor).slice(0, 7),
    prev: dateOf(Math.max(prev, Date.UTC(1900, 0, 1))),
    next: dateOf(Math.min(next, Date.UTC(2199, 11, 1))),
    selected: selectedIndex >= 0 ? days[selectedIndex] : null,
    event,
    notice,
    partial,
  };
}
