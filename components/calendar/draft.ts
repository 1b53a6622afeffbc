/**
 * The event editor's form as plain fields, and the `POST`/`PATCH /api/events` body they make
 * (browser-safe). Times are wall times in the event's zone; a repeat is built as an RRULE of
 * FREQ, INTERVAL and UNTIL or COUNT, and a rule with more than that is kept as it was.
 */
import type { CalendarEvent } from "../../lib/events/types.ts";
import { addDays, instantOf, wallOf } from "./dates.ts";

export const REPEATS = ["none", "daily", "weekly", "monthly", "yearly"] as const;
export type Repeat = typeof REPEATS[number] | "custom";
/** Reminder choices, in minutes before the start. */
export const REMINDERS = [0, 5, 10, 15, 30, 60, 120, 1440, 2880, 10080] as const;

/** The form's fields. */
export interface Draft {
  title: string;
  allDay: boolean;
  startDay: string;
  startTime: string;
  /** The last day (inclusive) of an all-day event, or the end's day. */
  endDay: string;
  endTime: string;
  location: string;
  notes: string;
  repeat: Repeat;
  interval: string;
  ends: "never" | "until" | "count";
  until: string;
  count: string;
  /** Minutes before, or "" for none. */
  reminder: string;
  timeZone: string;
}

/** A new event's form on `day`, 09:00–10:00 in `timeZone`. */
export function newDraft(day: string, timeZone: string): Draft {
  return {
    title: "",
    allDay: false,
    startDay: day,
    startTime: "09:00",
    endDay: day,
    endTime: "10:00",
    location: "",
    notes: "",
    repeat: "none",
    interval: "1",
    ends: "never",
    until: "",
    count: "10",
    reminder: "",
    timeZone,
  };
}

/** The form of a stored event, its times read in the event's own zone. */
export function draftOf(e: CalendarEvent): Draft {
  const timeZone = e.timeZone;
  const d = newDraft(e.start.slice(0, 10), timeZone);
  d.title = e.title;
  d.allDay = e.allDay;
  d.location = e.location;
  d.notes = e.notes;
  d.reminder = e.reminderMinutes.length ? String(e.reminderMinutes[0]) : "";
  if (e.allDay) {
    d.startDay = e.start;
    d.endDay = addDays(e.end, -1);
  } else {
    const s = wallOf(Date.parse(e.start), timeZone);
    const en = wallOf(Date.parse(e.end), timeZone);
    [d.startDay, d.startTime, d.endDay, d.endTime] = [s.day, s.time, en.day, en.time];
  }
  if (e.rrule) {
    const parts = Object.fromEntries(e.rrule.split(";").map((p) => p.split("=")));
    const simple = Object.keys(parts).every((k) =>
      ["FREQ", "INTERVAL", "UNTIL", "COUNT"].includes(k)
    );
    const freq = String(parts.FREQ ?? "").toLowerCase() as Repeat;
    d.repeat = simple && REPEATS.includes(freq as typeof REPEATS[number]) ? freq : "custom";
    d.interval = parts.INTERVAL ?? "1";
    if (parts.COUNT) [d.ends, d.count] = ["count", parts.COUNT];
    if (parts.UNTIL) {
      const u = String(parts.UNTIL);
      const day = `${u.slice(0, 4)}-${u.slice(4, 6)}-${u.slice(6, 8)}`;
      // A UTC UNTIL is read back as the day it falls on in the event's zone.
      d.until = u.length > 8
        ? wallOf(Date.parse(`${day}T${u.slice(9, 11)}:${u.slice(11, 13)}:00Z`), timeZone).day
        : day;
      d.ends = "until";
    }
  }
  return d;
}

/** The RRULE the form says (null for none; `kept` for a rule the form cannot show). */
export function ruleOf(d: Draft, kept: string | null): string | null {
  if (d.repeat === "none") return null;
  if (d.repeat === "custom") return kept;
  let rule = `FREQ=${d.repeat.toUpperCase()}`;
  if (d.interval.trim() !== "1") rule += `;INTERVAL=${d.interval.trim()}`;
  if (d.ends === "until" && d.until) rule += `;UNTIL=${d.until.replaceAll("-", "")}`;
  if (d.ends === "count") rule += `;COUNT=${d.count.trim()}`;
  return rule;
}

/** The body the API takes for the form; `kept` is the event's rule as stored, if any. */
export function bodyOf(d: Draft, kept: string | null) {
  const common = {
    title: d.title,
    location: d.location,
    notes: d.notes,
    allDay: d.allDay,
    rrule: ruleOf(d, kept),
    reminderMinutes: d.reminder === "" ? [] : [Number(d.reminder)],
  };
  if (d.allDay) {
    return { ...common, start: d.startDay, end: d.endDay ? addDays(d.endDay, 1) : d.endDay };
  }
  return {
    ...common,
    start: d.startDay && d.startTime ? instantOf(d.startDay, d.startTime, d.timeZone) : "",
    end: d.endDay && d.endTime ? instantOf(d.endDay, d.endTime, d.timeZone) : "",
  };
}

/** Which form field an API error's `field` is about (`reminderMinutes.0` → `reminder`). */
export function fieldOf(apiField: string | undefined): string {
  const head = (apiField ?? "").split(".")[0];
  if (head === "reminderMinutes") return "reminder";
  if (head === "exdates" || head === "timeZone") return "start";
  return ["title", "start", "end", "location", "notes", "rrule", "allDay"].includes(head)
    ? head
    : "";
}
