/**
 * Calendar events of one profile. Every query goes through `owned` (`lib/db/owned.ts`), so
 * another profile's id answers the same 404 as a missing one. An event is checked as a whole
 * (`checkEvent`) on create and after every change, so a PATCH cannot leave it inconsistent.
 */
import type { Kysely } from "kysely";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import type { Database, EventsTable } from "../db/schema.ts";
import { HttpError, ValidationError } from "../http/errors.ts";
import {
  checkWindow,
  type Expandable,
  firstOccurrences,
  floatingRule,
  isOccurrence,
  normalizeRrule,
  occurrences,
  seriesBounds,
} from "./expand.ts";
import { type CreateEvent, MAX_EXDATES, MAX_OCCURRENCES, type UpdateEvent } from "./schemas.ts";
import { canonicalTimeZone, fromFloating, toFloating } from "../dates/zones.ts";
import { DAY_MS, parseDate, parseInstant } from "./time.ts";
import type { CalendarEvent, EventPage, Occurrence } from "./types.ts";

type DB = Kysely<Database>;

/** The earliest and latest years an event may fall in. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2199;

const now = () => new Date().toISOString();

function eventNotFound(): HttpError {
  return new HttpError(404, "event_not_found", "No such event.");
}

const mine = (db: DB, profileId: string) => owned(db, profileId, { events: eventNotFound });

/** A stored event as the API shows it. */
export function toEvent(r: Omit<EventsTable, "profile_id">): CalendarEvent {
  return {
    id: r.id,
    title: r.title,
    notes: r.notes,
    location: r.location,
    start: r.start_at,
    end: r.end_at,
    allDay: r.all_day === 1,
    timeZone: r.time_zone,
    reminderMinutes: JSON.parse(r.reminder_minutes),
    rrule: r.rrule,
    exdates: JSON.parse(r.exdates),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The fields an event is checked on, after defaults and changes are applied. */
type Draft = Omit<CalendarEvent, "id" | "createdAt" | "updatedAt" | "end"> & { end?: string };

/** A checked event, with what its series needs: its last occurrence (COUNT), floating ISO. */
type Checked = Draft & { end: string; seriesUntil: string | null };

/**
 * A start, end or exception as stored: a date for an all-day event, else a UTC instant. `field`
 * is named in the 422.
 */
function timeOf(text: string, allDay: boolean, field: string): { text: string; ms: number } {
  const ms = allDay ? parseDate(text) : parseInstant(text);
  if (Number.isNaN(ms)) {
    throw allDay
      ? new ValidationError(field, `${field}: must be a date like 2026-03-01`, "invalid_date")
      : new ValidationError(
        field,
        `${field}: must be a time with its offset, like 2026-03-01T09:00:00Z`,
        "invalid_time",
      );
  }
  const year = new Date(ms).getUTCFullYear();
  if (year < FIRST_YEAR || year > LAST_YEAR) {
    throw new ValidationError(
      field,
      `${field}: must fall between ${FIRST_YEAR} and ${LAST_YEAR}`,
      "year_out_of_range",
    );
  }
  return { text: allDay ? text : new Date(ms).toISOString(), ms };
}

/** Checks a whole event and returns it as stored; a 422 names the first field that is wrong. */
function checkEvent(given: Draft): Checked {
  // A zone is kept in one spelling ("europe/berlin" and "Europe/Berlin" are the same zone).
  const zone = canonicalTimeZone(given.timeZone);
  const draft = zone ? { ...given, timeZone: zone } : given;
  if (!zone) {
    throw new ValidationError(
      "timeZone",
      `timeZone: ${draft.timeZone} is not a known time zone`,
      "unknown_time_zone",
    );
  }
  const start = timeOf(draft.start, draft.allDay, "start");
  // Without an end an event is a moment, or one whole day.
  const end = draft.end === undefined
    ? {
      text: draft.allDay ? new Date(start.ms + DAY_MS).toISOString().slice(0, 10) : start.text,
      ms: start.ms + (draft.allDay ? DAY_MS : 0),
    }
    : timeOf(draft.end, draft.allDay, "end");
  if (end.ms < start.ms || (draft.allDay && end.ms === start.ms)) {
    throw new ValidationError("end", "end: must not come before the start", "end_before_start");
  }
  const rrule = draft.rrule === null
    ? null
    : normalizeRrule(draft.rrule, draft.allDay, draft.timeZone);
  const exdates = [
    ...new Set(draft.exdates.map((x, i) => timeOf(x, draft.allDay, `exdates.${i}`).text)),
  ].sort();
  const checked = {
    ...draft,
    start: start.text,
    end: end.text,
    rrule,
    exdates,
    reminderMinutes: [...new Set(draft.reminderMinutes)].sort((a, b) => a - b),
    seriesUntil: null as string | null,
  };
  if (rrule) {
    const bounds = seriesBounds({ ...checked, id: "" }, LAST_YEAR);
    if (!bounds) {
      throw new ValidationError(
        "rrule",
        "rrule: the rule gives no occurrence",
        "rrule_never_occurs",
      );
    }
    // As RFC 5545 has it, the start is the first occurrence; a rule that skips it is a mistake.
    const floatingStart = draft.allDay ? start.ms : toFloating(start.ms, draft.timeZone);
    if (bounds.first !== floatingStart) {
      throw new ValidationError(
        "start",
        `start: the rule's first occurrence is ${
          new Date(bounds.first).toISOString()
        } (local time)`,
        "start_not_an_occurrence",
      );
    }
    if (bounds.last !== null) checked.seriesUntil = new Date(bounds.last).toISOString();
  }
  return checked;
}

/** The UTC instants the event can touch: its start, and its end or its series' last end. */
function span(e: Checked): { first_at: string; last_at: string | null } {
  const at = (text: string) =>
    e.allDay ? fromFloating(parseDate(text), e.timeZone) : Date.parse(text);
  const first = at(e.start);
  const length = at(e.end) - first;
  const iso = (ms: number) => new Date(ms).toISOString();
  if (!e.rrule) return { first_at: iso(first), last_at: iso(first + length) };
  // The last occurrence (COUNT) or UNTIL, plus the event's length and a day for the zone.
  const until = e.seriesUntil
    ? Date.parse(e.seriesUntil)
    : floatingRule({ ...e, id: "" })?.options.until?.getTime();
  if (until === undefined) return { first_at: iso(first), last_at: null };
  return { first_at: iso(first), last_at: iso(until + length + 2 * DAY_MS) };
}

function columns(e: Checked) {
  return {
    title: e.title,
    notes: e.notes,
    location: e.location,
    start_at: e.start,
    end_at: e.end,
    all_day: e.allDay ? 1 : 0,
    time_zone: e.timeZone,
    reminder_minutes: JSON.stringify(e.reminderMinutes),
    rrule: e.rrule,
    exdates: JSON.stringify(e.exdates),
    series_until: e.seriesUntil,
    ...span(e),
  };
}

/** Creates an event. */
export async function createEvent(
  db: DB,
  profileId: string,
  input: CreateEvent,
): Promise<CalendarEvent> {
  const checked = checkEvent(input);
  const at = now();
  const id = newId();
  await mine(db, profileId).insertInto("events", {
    id,
    ...columns(checked),
    created_at: at,
    updated_at: at,
  }).execute();
  return getEvent(db, profileId, id);
}

/** One event of the profile's (404 `event_not_found` otherwise). */
export async function getEvent(db: DB, profileId: string, id: string): Promise<CalendarEvent> {
  return toEvent(await mine(db, profileId).get("events", id));
}

/** Changes an event; the result is checked as a whole. */
export async function updateEvent(
  db: DB,
  profileId: string,
  id: string,
  change: UpdateEvent,
): Promise<CalendarEvent> {
  const current = await getEvent(db, profileId, id);
  const checked = checkEvent({ ...current, ...change });
  await mine(db, profileId).update("events", id, { ...columns(checked), updated_at: now() });
  return getEvent(db, profileId, id);
}

/** Deletes an event (the whole series). */
export async function deleteEvent(db: DB, profileId: string, id: string): Promise<void> {
  await mine(db, profileId).delete("events", id);
}

/** Leaves one occurrence (by its start) out of a recurring event. */
export async function skipOccurrence(
  db: DB,
  profileId: string,
  id: string,
  start: string,
): Promise<CalendarEvent> {
  const event = await getEvent(db, profileId, id);
  if (!event.rrule) {
    throw new ValidationError("start", "start: the event does not recur", "not_recurring");
  }
  const at = timeOf(start, event.allDay, "start");
  const floating = event.allDay ? at.ms : toFloating(at.ms, event.timeZone);
  if (!isOccurrence(event, floating)) {
    throw new ValidationError(
      "start",
      "start: the event has no occurrence then",
      "not_an_occurrence",
    );
  }
  if (event.exdates.includes(at.text)) return event;
  if (event.exdates.length >= MAX_EXDATES) {
    throw new ValidationError("exdates", `exdates: at most ${MAX_EXDATES}`, "too_many_exceptions");
  }
  return updateEvent(db, profileId, id, { exdates: [...event.exdates, at.text] });
}

/** Stored events by start (then id), a page at a time; `after` is the last page's `next`. */
export async function listEvents(
  db: DB,
  profileId: string,
  query: { limit: number; after?: string },
): Promise<EventPage> {
  let q = mine(db, profileId).selectFrom("events").selectAll().orderBy("first_at").orderBy("id")
    .limit(query.limit + 1);
  if (query.after) {
    const [firstAt, id] = query.after.split("|");
    if (!firstAt || !id) {
      throw new ValidationError("after", "after: not a cursor", "invalid_cursor");
    }
    q = q.where((eb) =>
      eb.or([
        eb("first_at", ">", firstAt),
        eb.and([eb("first_at", "=", firstAt), eb("id", ">", id)]),
      ])
    );
  }
  const rows = await q.execute();
  const more = rows.length > query.limit;
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map(toEvent), next: more && last ? `${last.first_at}|${last.id}` : null };
}

/** The window's ends as UTC milliseconds (422 naming the one that is not an instant). */
function windowOf(window: { from: string; to: string }): { from: number; to: number } {
  const from = parseInstant(window.from);
  const to = parseInstant(window.to);
  if (Number.isNaN(from)) {
    throw new ValidationError("from", "from: must be a time with its offset", "invalid_time");
  }
  if (Number.isNaN(to)) {
    throw new ValidationError("to", "to: must be a time with its offset", "invalid_time");
  }
  // Checks the window before the query, so a huge one costs nothing.
  checkWindow(from, to);
  return { from, to };
}

/** The columns expansion needs: a window with thousands of series reads no notes. */
export const EXPANDABLE_COLUMNS = [
  "id",
  "title",
  "location",
  "start_at",
  "end_at",
  "all_day",
  "time_zone",
  "rrule",
  "exdates",
  "series_until",
] as const;

/** A row read with `EXPANDABLE_COLUMNS`. */
export type ExpandableRow = Pick<EventsTable, typeof EXPANDABLE_COLUMNS[number]>;

/** A stored event as expansion takes it. */
export function toExpandable(r: ExpandableRow): Expandable {
  return {
    id: r.id,
    title: r.title,
    location: r.location,
    start: r.start_at,
    end: r.end_at,
    allDay: r.all_day === 1,
    timeZone: r.time_zone,
    rrule: r.rrule,
    exdates: r.exdates === "[]" ? [] : JSON.parse(r.exdates),
    seriesUntil: r.series_until,
  };
}

/** The events that can touch [`from`, `to`), with only what expansion needs. */
async function expandable(db: DB, profileId: string, from: number, to: number) {
  const rows = await mine(db, profileId).selectFrom("events").select(EXPANDABLE_COLUMNS)
    .where("first_at", "<", new Date(to).toISOString())
    .where((eb) =>
      eb.or([eb("last_at", "is", null), eb("last_at", ">=", new Date(from).toISOString())])
    )
    .execute();
  return rows.map(toExpandable);
}

/**
 * The profile's occurrences in [`from`, `to`) (instants with their offset), recurrences
 * expanded in each event's zone, exceptions left out; more than `limit` is a 422.
 */
export async function eventsInWindow(
  db: DB,
  profileId: string,
  window: { from: string; to: string },
  limit = MAX_OCCURRENCES,
): Promise<Occurrence[]> {
  const { from, to } = windowOf(window);
  return occurrences(await expandable(db, profileId, from, to), from, to, limit);
}

/** The first `keep` occurrences in the window by start, and how many there are in all. */
export async function firstEventsInWindow(
  db: DB,
  profileId: string,
  window: { from: string; to: string },
  keep: number,
): Promise<{ items: Occurrence[]; total: number }> {
  const { from, to } = windowOf(window);
  return firstOccurrences(await expandable(db, profileId, from, to), from, to, keep);
}

/** Every event of the profile (for the ICS export), oldest first. */
export async function allEvents(db: DB, profileId: string): Promise<CalendarEvent[]> {
  const rows = await mine(db, profileId).selectFrom("events").selectAll().orderBy("first_at")
    .orderBy("id").execute();
  return rows.map(toEvent);
}
