/**
 * ICS import: someone else's calendar file (Google, Apple, Outlook, Thunderbird) into the
 * profile's events. `ical.js` (Mozilla's, the parser Thunderbird uses) reads the file: line
 * unfolding, escapes, parameters, components, durations, recurrence values and VTIMEZONEs. A
 * hand-written reader would have to get all of that right and would be the untested part. Its
 * values are read from its raw text (`jCal`), not its `ICAL.Time`, because that rolls impossible
 * dates over (February 30th becomes March 2nd) where Hearth refuses them.
 *
 * Each VEVENT becomes the same input `POST /api/events` takes, checked by the same zod schema and
 * the same store (`lib/events/store.ts`), so the rules for an event are one: what the store
 * refuses (an RRULE it does not take, an end before the start, a year out of range) is left out
 * with its reason in the report. Times: a TZID that is an IANA name (also behind a vendor's
 * prefix) or a Windows name is that zone; another one is the zone that behaves as the file's
 * VTIMEZONE does (the profile's, the calendar's `X-WR-TIMEZONE` or any other); a floating time is
 * the calendar's or the profile's zone. A moved or cancelled occurrence (RECURRENCE-ID) becomes an
 * EXDATE of its series and, if moved, an event of its own. VALARMs before the start become
 * reminder minutes. An event keeps its UID (`events.ics_uid`), so importing a file again updates
 * its events instead of doubling them.
 *
 * Bounded: 5 MB, counted while read (the route); at most 5,000 VEVENTs, counted before parsing;
 * rules are never expanded here (the store bounds its own walk, and a rule without end is fine).
 * This module reads a file into drafts; `import_store.ts` writes them.
 */
import ICAL from "ical.js";
import { fromZoned, offsetAt, timeZones, zonedParts } from "../dates/zones.ts";
import { HttpError, ValidationError } from "../http/errors.ts";
import { sha256Hex } from "../hash.ts";
import {
  type CreateEvent,
  MAX_EXDATES,
  MAX_LOCATION_CHARS,
  MAX_NOTES_CHARS,
  MAX_REMINDER_MINUTES,
  MAX_REMINDERS,
  MAX_TITLE_CHARS,
} from "../events/schemas.ts";
import type { SkippedEvent } from "./types.ts";
import {
  cut,
  dateParts,
  isoDate,
  parseDay,
  readWhen,
  text,
  wallMs,
  wallOf,
  type When,
} from "./values.ts";
import { ianaZone } from "./zones.ts";

export { MAX_IMPORT_BYTES } from "./schemas.ts";
/** The most VEVENTs one file may hold. */
export const MAX_IMPORT_EVENTS = 5_000;
/** VTIMEZONEs (by TZID and year) one file may have matched against every zone. */
const MAX_ZONE_SEARCHES = 20;
const DAY_MS = 86_400_000;

/** An event of the file, ready for the store. */
export interface Draft {
  uid: string;
  input: CreateEvent;
  /** What was left out or shortened: `truncated`, `rdate`, `alarm`, `exdate`. */
  notes: string[];
}

/** An event of the file that cannot be imported, and why. */
export interface Skip {
  uid: string;
  title: string;
  error: HttpError;
}

/** A file read: its events in order, and those left out already. */
export interface ParsedFile {
  found: number;
  drafts: Draft[];
  skipped: Skip[];
}

function skipError(code: string, message: string, params: Record<string, string | number> = {}) {
  return new HttpError(422, code, message, {}, params);
}

function fileError(code: string, message: string, params: Record<string, string | number> = {}) {
  return new HttpError(422, code, message, {}, params);
}

/** Reads a whole file into drafts; a file that is not iCalendar at all is a 422. */
export function parseIcs(
  bytes: Uint8Array,
  options: { zone: string; untitled: string },
): ParsedFile {
  const source = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
  if (!/^BEGIN:VCALENDAR[ \t]*\r?$/im.test(source)) {
    throw fileError(
      "not_icalendar",
      "The file is not an iCalendar file (.ics): it has no BEGIN:VCALENDAR.",
    );
  }
  const count = source.match(/^BEGIN:VEVENT[ \t]*\r?$/gim)?.length ?? 0;
  if (count > MAX_IMPORT_EVENTS) {
    throw fileError(
      "too_many_events",
      `The file holds ${count} events; at most ${MAX_IMPORT_EVENTS} can be imported at once.`,
      { count, max: MAX_IMPORT_EVENTS },
    );
  }
  let calendars: ICAL.Component[];
  try {
    const parsed = ICAL.parse(source);
    const roots = (Array.isArray(parsed[0]) ? parsed : [parsed]) as unknown[];
    calendars = roots.filter((j) => Array.isArray(j) && j[0] === "vcalendar")
      .map((j) => new ICAL.Component(j as never));
  } catch (err) {
    const detail = err instanceof Error ? err.message.slice(0, 200) : String(err);
    throw fileError("invalid_icalendar", `The file is not valid iCalendar: ${detail}`, {
      detail,
    });
  }
  if (!calendars.length) {
    throw fileError(
      "not_icalendar",
      "The file is not an iCalendar file (.ics): it has no BEGIN:VCALENDAR.",
    );
  }
  const drafts: Draft[] = [];
  const skipped: Skip[] = [];
  let found = 0;
  for (const calendar of calendars) {
    const reader = new CalendarReader(calendar, options);
    const result = reader.read();
    found += result.found;
    drafts.push(...result.drafts);
    skipped.push(...result.skipped);
  }
  return { found, drafts, skipped };
}

/** What one VEVENT became before RECURRENCE-IDs are matched to their series. */
interface Read {
  draft: Draft;
  /** The original start of a moved or cancelled occurrence (stored form), and the series UID. */
  recurrenceOf?: { uid: string; start: string };
  cancelled: boolean;
}

/** One VCALENDAR's events. */
class CalendarReader {
  readonly #zones = new Map<string, ICAL.Timezone>();
  readonly #resolved = new Map<string, string | null>();
  #searches = 0;
  readonly #default: string;

  constructor(
    readonly calendar: ICAL.Component,
    readonly options: { zone: string; untitled: string },
  ) {
    for (const vt of calendar.getAllSubcomponents("vtimezone")) {
      const tzid = text(vt, "tzid");
      try {
        if (tzid) this.#zones.set(tzid, new ICAL.Timezone(vt));
      } catch {
        // A broken VTIMEZONE: its TZID is then unknown unless it names a zone.
      }
    }
    this.#default = ianaZone(text(calendar, "x-wr-timezone")) ?? options.zone;
  }

  read(): { found: number; drafts: Draft[]; skipped: Skip[] } {
    const events = this.calendar.getAllSubcomponents("vevent");
    const reads: Read[] = [];
    const skipped: Skip[] = [];
    for (const vevent of events) {
      const uid = this.#uid(vevent);
      const title = text(vevent, "summary").trim();
      try {
        reads.push(this.#event(vevent, uid, title));
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        skipped.push({ uid, title, error: err });
      }
    }
    // Series first, then their moved and cancelled occurrences.
    const series = new Map<string, Draft>();
    const drafts: Draft[] = [];
    for (const r of reads) {
      if (r.recurrenceOf) continue;
      if (series.has(r.draft.uid)) {
        skipped.push({
          uid: r.draft.uid,
          title: r.draft.input.title,
          error: skipError("duplicate_uid", "Another event of the file has the same UID."),
        });
        continue;
      }
      if (r.cancelled) {
        skipped.push({
          uid: r.draft.uid,
          title: r.draft.input.title,
          error: skipError("cancelled_event", "The event is cancelled."),
        });
        continue;
      }
      series.set(r.draft.uid, r.draft);
      drafts.push(r.draft);
    }
    for (const r of reads) {
      if (!r.recurrenceOf) continue;
      const of = series.get(r.recurrenceOf.uid);
      if (of?.input.rrule && !of.input.exdates.includes(r.recurrenceOf.start)) {
        of.input.exdates.push(r.recurrenceOf.start);
      }
      if (r.cancelled) {
        if (!of) {
          skipped.push({
            uid: r.draft.uid,
            title: r.draft.input.title,
            error: skipError("cancelled_event", "The event is cancelled."),
          });
        }
        continue;
      }
      drafts.push(r.draft);
    }
    return { found: events.length, drafts, skipped };
  }

  /** The event's UID; one without (or too long) gets a stable one from its content. */
  #uid(vevent: ICAL.Component): string {
    const uid = text(vevent, "uid").trim();
    if (uid && uid.length <= 500) return uid;
    const basis = uid ||
      ["dtstart", "summary", "rrule"].map((p) => JSON.stringify(vevent.getFirstProperty(p)?.jCal))
        .join("|");
    return `sha256:${sha256Hex(basis)}`;
  }

  /** The IANA zone for a TZID: named, or the one behaving as its VTIMEZONE does; else null. */
  #zone(tzid: string, year: number): string | null {
    const key = `${tzid}|${year}`;
    if (this.#resolved.has(key)) return this.#resolved.get(key)!;
    const zone = ianaZone(tzid) ?? this.#lookalike(tzid, year);
    this.#resolved.set(key, zone);
    return zone;
  }

  /** The zone whose offsets match the file's VTIMEZONE on the 1st and 15th of every month. */
  #lookalike(tzid: string, year: number): string | null {
    const vt = this.#zones.get(tzid);
    // Each search asks Intl about every zone: a file gets a few, not one per event.
    if (!vt || this.#searches >= MAX_ZONE_SEARCHES) return null;
    this.#searches++;
    const samples: { wall: number; offset: number }[] = [];
    try {
      for (let month = 1; month <= 12; month++) {
        for (const day of [1, 15]) {
          const time = new ICAL.Time(
            { year, month, day, hour: 12, minute: 0, second: 0, isDate: false },
            vt,
          );
          samples.push({ wall: Date.UTC(year, month - 1, day, 12), offset: vt.utcOffset(time) });
        }
      }
    } catch {
      return null;
    }
    const candidates = [this.options.zone, this.#default, ...[...timeZones()].sort()];
    return candidates.find((zone) =>
      samples.every((s) => offsetAt(s.wall - s.offset * 1000, zone) * 60 === s.offset)
    ) ?? null;
  }

  /**
   * A date-time property value as an instant, with the zone it was written in (null for UTC);
   * throws the skip for an unknown zone.
   */
  #instant(when: When, tzid: string | null): { ms: number; zone: string | null } {
    if (when.kind === "utc") return { ms: when.ms, zone: null };
    if (when.kind === "date") throw new Error("a date is not an instant");
    if (tzid === null) {
      return { ms: fromZoned(when.wall, this.#default).getTime(), zone: this.#default };
    }
    const zone = this.#zone(tzid, when.wall.year);
    if (!zone) {
      throw skipError(
        "unknown_time_zone_id",
        `The time zone "${tzid}" is not one Hearth knows, and the file does not describe it.`,
        { zone: tzid.slice(0, 100) },
      );
    }
    return { ms: fromZoned(when.wall, zone).getTime(), zone };
  }

  /** A property's first value as a `When`, or the skip naming it. */
  #when(property: ICAL.Property, name: string): When {
    const when = readWhen(property.jCal[3]);
    if (!when) {
      throw skipError("impossible_date", `${name.toUpperCase()} is not a real date or time.`, {
        property: name.toUpperCase(),
      });
    }
    return when;
  }

  #event(vevent: ICAL.Component, uid: string, rawTitle: string): Read {
    const notes: string[] = [];
    const title = cut(rawTitle || this.options.untitled, MAX_TITLE_CHARS, notes);
    const cancelled = text(vevent, "status").toUpperCase() === "CANCELLED";
    const dtstart = vevent.getFirstProperty("dtstart");
    if (!dtstart) throw skipError("no_start", "The event has no start (DTSTART).");
    const start = this.#when(dtstart, "dtstart");
    const tzid = (dtstart.getParameter("tzid") as string | undefined) ?? null;
    const rrules = vevent.getAllProperties("rrule");
    if (rrules.length > 1) {
      throw skipError("multiple_rrules", "The event has more than one RRULE.");
    }
    let rrule: string | null = null;
    if (rrules.length) {
      try {
        rrule = String(rrules[0].getFirstValue());
      } catch {
        throw skipError("invalid_rrule", "The event's RRULE cannot be read.", { field: "rrule" });
      }
    }
    if (vevent.getFirstProperty("rdate")) notes.push("rdate");

    const allDay = start.kind === "date";
    let startText: string;
    let startMs: number;
    let zone: string;
    if (start.kind === "date") {
      startText = start.date;
      zone = this.#default;
      startMs = fromZoned(
        { ...dateParts(start.date), hour: 0, minute: 0 },
        zone,
      ).getTime();
    } else {
      const at = this.#instant(start, tzid);
      startMs = at.ms;
      startText = new Date(at.ms).toISOString();
      // A UTC series recurs in UTC; a single UTC time shows in the calendar's zone.
      zone = at.zone ?? (rrule ? "UTC" : this.#default);
    }

    // The end: DTEND, else DURATION, else the store's default (a moment, or one day).
    let end: string | undefined;
    let endMs = startMs;
    const dtend = vevent.getFirstProperty("dtend");
    const duration = vevent.getFirstProperty("duration");
    if (dtend) {
      const when = this.#when(dtend, "dtend");
      if ((when.kind === "date") !== allDay) {
        throw skipError(
          "mixed_date_kinds",
          "DTSTART and DTEND must both be dates or both be date-times.",
        );
      }
      if (when.kind === "date") {
        end = when.date;
        endMs = startMs + (parseDay(when.date) - parseDay(startText));
      } else {
        const at = this.#instant(when, (dtend.getParameter("tzid") as string | undefined) ?? null);
        end = new Date(at.ms).toISOString();
        endMs = at.ms;
      }
    } else if (duration) {
      let d: ICAL.Duration;
      try {
        d = ICAL.Duration.fromString(String(duration.jCal[3]));
      } catch {
        throw skipError("invalid_duration", "The event's DURATION cannot be read.");
      }
      const sign = d.isNegative ? -1 : 1;
      const days = sign * (d.weeks * 7 + d.days);
      const seconds = sign * (d.hours * 3600 + d.minutes * 60 + d.seconds);
      if (allDay) {
        const length = Math.max(1, days + Math.floor(seconds / 86_400));
        end = new Date(parseDay(startText) + length * DAY_MS).toISOString().slice(0, 10);
        endMs = startMs + length * DAY_MS;
      } else {
        // Days are calendar days in the event's zone, hours exact.
        const local = new Date(wallMs(zonedParts(startMs, zone)) + days * DAY_MS);
        const dayMoved = days ? fromZoned(wallOf(local), zone).getTime() : startMs;
        endMs = dayMoved + seconds * 1000;
        end = new Date(endMs).toISOString();
      }
    }

    // Skipped occurrences, in the form the event stores its starts.
    const exdates: string[] = [];
    const exdateProps = vevent.getAllProperties("exdate");
    const exdateCount = exdateProps.reduce((n, p) => n + p.jCal.length - 3, 0);
    if (exdateCount > MAX_EXDATES) {
      throw new ValidationError(
        "exdates",
        `exdates: at most ${MAX_EXDATES}`,
        "too_many_exceptions",
      );
    }
    for (const prop of exdateProps) {
      const exTzid = (prop.getParameter("tzid") as string | undefined) ?? null;
      for (const raw of prop.jCal.slice(3)) {
        const when = readWhen(raw);
        if (!when) {
          throw skipError("impossible_date", "EXDATE is not a real date or time.", {
            property: "EXDATE",
          });
        }
        if (allDay) {
          exdates.push(
            when.kind === "date"
              ? when.date
              : when.kind === "local"
              ? isoDate(when.wall)
              : new Date(when.ms).toISOString().slice(0, 10),
          );
        } else if (when.kind === "date") {
          if (!notes.includes("exdate")) notes.push("exdate");
        } else {
          exdates.push(new Date(this.#instant(when, exTzid).ms).toISOString());
        }
      }
    }

    const reminderMinutes = this.#alarms(vevent, startMs, endMs, notes);

    let recurrenceOf: Read["recurrenceOf"];
    const rid = vevent.getFirstProperty("recurrence-id");
    if (rid) {
      const when = this.#when(rid, "recurrence-id");
      const ridTzid = (rid.getParameter("tzid") as string | undefined) ?? null;
      const original = when.kind === "date"
        ? when.date
        : new Date(this.#instant(when, ridTzid).ms).toISOString();
      recurrenceOf = { uid, start: original };
      // A moved occurrence is an event of its own, updated in place on the next import.
      uid = `${uid}#${original}`;
      rrule = null;
      exdates.length = 0;
    }

    const input: CreateEvent = {
      title,
      notes: cut(text(vevent, "description"), MAX_NOTES_CHARS, notes),
      location: cut(text(vevent, "location").trim(), MAX_LOCATION_CHARS, notes),
      start: startText,
      end,
      allDay,
      timeZone: zone,
      reminderMinutes,
      rrule,
      exdates: [...new Set(exdates)],
    };
    return { draft: { uid, input, notes }, recurrenceOf, cancelled };
  }

  /** VALARMs before the start (or at it) as minutes; others are noted and left out. */
  #alarms(vevent: ICAL.Component, startMs: number, endMs: number, notes: string[]): number[] {
    const minutes = new Set<number>();
    let dropped = false;
    for (const alarm of vevent.getAllSubcomponents("valarm")) {
      const trigger = alarm.getFirstProperty("trigger");
      let before: number | null = null;
      try {
        if (trigger?.type === "duration") {
          const seconds = ICAL.Duration.fromString(String(trigger.jCal[3])).toSeconds();
          const related = String(trigger.getParameter("related") ?? "START").toUpperCase();
          const at = (related === "END" ? endMs : startMs) + seconds * 1000;
          before = (startMs - at) / 60_000;
        } else if (trigger) {
          const when = readWhen(trigger.jCal[3]);
          if (when?.kind === "utc") before = (startMs - when.ms) / 60_000;
        }
      } catch {
        before = null;
      }
      if (before === null || before < 0 || before > MAX_REMINDER_MINUTES) {
        dropped = true;
        continue;
      }
      minutes.add(Math.round(before));
    }
    const sorted = [...minutes].sort((a, b) => a - b);
    if (dropped || sorted.length > MAX_REMINDERS) notes.push("alarm");
    return sorted.slice(0, MAX_REMINDERS);
  }
}

export type { SkippedEvent };
