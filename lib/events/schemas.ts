/** The shapes the events routes accept, in one place so the limits are the same everywhere. */
import { z } from "zod";

export const MAX_TITLE_CHARS = 500;
export const MAX_NOTES_CHARS = 10_000;
export const MAX_LOCATION_CHARS = 500;
export const MAX_REMINDERS = 5;
/** Four weeks, in minutes. */
export const MAX_REMINDER_MINUTES = 40_320;
export const MAX_EXDATES = 500;
export const MAX_RRULE_CHARS = 500;
/** The longest window one `GET /api/events` expands, in days. */
export const MAX_WINDOW_DAYS = 400;
/** The largest event body: 10,000 characters of notes (up to 4 bytes each) and 500 exceptions. */
export const EVENT_BODY_LIMIT = 100_000;
/** The most occurrences one request expands. */
export const MAX_OCCURRENCES = 5_000;

/** A start or end: its shape (date or instant) is checked against `allDay` by the store. */
const time = z.string().min(1).max(40);

const fields = {
  title: z.string().trim().min(1).max(MAX_TITLE_CHARS),
  notes: z.string().max(MAX_NOTES_CHARS),
  location: z.string().trim().max(MAX_LOCATION_CHARS),
  start: time,
  end: time,
  allDay: z.boolean(),
  timeZone: z.string().min(1).max(64),
  reminderMinutes: z.array(z.number().int().min(0).max(MAX_REMINDER_MINUTES)).max(
    MAX_REMINDERS,
  ),
  rrule: z.string().max(MAX_RRULE_CHARS).nullable(),
  exdates: z.array(time).max(MAX_EXDATES),
};

/** `POST /api/events`. Without `end` the event ends when it starts (or after its one day). */
export const createEventSchema = z.strictObject({
  ...fields,
  notes: fields.notes.default(""),
  location: fields.location.default(""),
  end: fields.end.optional(),
  allDay: fields.allDay.default(false),
  timeZone: fields.timeZone.default("UTC"),
  reminderMinutes: fields.reminderMinutes.default([]),
  rrule: fields.rrule.default(null),
  exdates: fields.exdates.default([]),
});
export type CreateEvent = z.infer<typeof createEventSchema>;

/** `PATCH /api/events/{id}`: any of the fields; the result is checked as a whole. */
export const updateEventSchema = z.strictObject(fields).partial();
export type UpdateEvent = z.infer<typeof updateEventSchema>;

/** `POST /api/events/{id}/exceptions`: the start of the occurrence to skip. */
export const exceptionSchema = z.strictObject({ start: time });

/** `GET /api/events?from&to`: the window (instants with their offset). */
export const windowQuery = z.object({ from: time, to: time });

/** `GET /api/events/list`: stored events by start, a page at a time. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(100).optional(),
});
