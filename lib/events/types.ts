/**
 * The shapes the events API sends (browser-safe: no imports). Times are UTC instants
 * (`2026-03-01T08:00:00.000Z`), or dates (`2026-03-01`) for an all-day event, whose `end` is
 * exclusive as in RFC 5545 (a one-day event on March 1st ends on March 2nd).
 */

/** An event as stored: one appointment, or the first of a recurring series. */
export interface CalendarEvent {
  id: string;
  title: string;
  notes: string;
  location: string;
  start: string;
  end: string;
  allDay: boolean;
  /** The IANA time zone the event lives in: its recurrences keep their wall-clock time there. */
  timeZone: string;
  /** Minutes before the start to remind, at most 5, each 0 to 40,320 (four weeks). */
  reminderMinutes: number[];
  /** An RFC 5545 RRULE without the `RRULE:` prefix (`FREQ=WEEKLY;BYDAY=MO`), or null. */
  rrule: string | null;
  /** Occurrences left out of the series, by their start (an instant, or a date if all-day). */
  exdates: string[];
  createdAt: string;
  updatedAt: string;
}

/** One occurrence of an event in a window (`GET /api/events?from&to`). */
export interface Occurrence {
  eventId: string;
  start: string;
  end: string;
  title: string;
  allDay: boolean;
  location: string;
  timeZone: string;
  /** Whether it belongs to a recurring series. */
  recurring: boolean;
}

/** A page of stored events (`GET /api/events/list`), ordered by start. */
export interface EventPage {
  items: CalendarEvent[];
  /** The cursor for the next page (`?after=`), or null on the last. */
  next: string | null;
}
