/**
 * The shapes the calendar subscription and ICS import APIs send (browser-safe: no imports).
 */

/** A private subscription URL of the profile's (its token is never sent again after creation). */
export interface CalendarFeed {
  id: string;
  /** What the profile called it ("iPhone", "Thunderbird"). */
  label: string;
  createdAt: string;
  /** When a calendar app last fetched it, or null. */
  lastUsedAt: string | null;
}

/** `POST /api/calendar-feeds` and `/{id}/token`: the feed and its URL, shown this once. */
export interface NewCalendarFeed {
  feed: CalendarFeed;
  /** `https://box/ics/{token}.ics`. */
  url: string;
  /** The same URL as `webcal://`, which phones open in their calendar app. */
  webcal: string;
}

/** One event of a file as it was (or would be) imported. */
export interface ImportedEvent {
  uid: string;
  title: string;
  start: string;
  allDay: boolean;
  timeZone: string;
  rrule: string | null;
  /** `created`, or `updated` when an event with its UID was imported before. */
  action: "created" | "updated";
  /** Parts of the event that were left out or shortened (`truncated`, `rdate`, `alarm`). */
  notes: string[];
}

/** An event the import left out, and why (a sentence in the request's language). */
export interface SkippedEvent {
  uid: string;
  title: string;
  code: string;
  reason: string;
}

/** `POST /api/events/import[?dryRun=1]`. */
export interface ImportReport {
  dryRun: boolean;
  /** VEVENTs read from the file. */
  found: number;
  created: number;
  updated: number;
  /** The first events (at most 20), in file order. */
  sample: ImportedEvent[];
  /** Every event left out (at most 200 listed; `skippedCount` has them all). */
  skipped: SkippedEvent[];
  skippedCount: number;
}
