/**
 * How the Today page says its times, the same on the server and in its islands (browser-safe,
 * `Intl` only): the day's heading, a todo's due, an event's time in the profile's zone, the
 * day's events in reading order, a memo as a line and the body that recreates a quick-add line.
 */
import { dayOf } from "../todos/groups.ts";
import type { Occurrence } from "../../lib/events/types.ts";
import type { Memo } from "../../lib/memos/types.ts";
import type { Todo } from "../../lib/todos/types.ts";

/** "Wednesday, March 11" for the local day `date` (`YYYY-MM-DD`). */
export function dayHeading(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(Date.parse(`${date}T12:00:00Z`));
}

/**
 * A todo's due as Today says it: the time alone when it falls on `today` (the profile's local
 * day), else the day and time; an all-day due is its day in the todo's own zone, and nothing
 * when that day is today.
 */
export function todoDue(todo: Todo, today: string, locale: string, timeZone: string): string {
  if (!todo.due) return "";
  const at = Date.parse(todo.due);
  const day: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short" };
  if (todo.dueAllDay) {
    if (dayOf(at, todo.timeZone) === today) return "";
    return new Intl.DateTimeFormat(locale, { ...day, timeZone: todo.timeZone }).format(at);
  }
  const time: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit", timeZone };
  const sameDay = dayOf(at, timeZone) === today;
  return new Intl.DateTimeFormat(locale, sameDay ? time : { ...day, ...time }).format(at);
}

/** The day's occurrences in reading order: all-day ones first, then by start. */
export function eventOrder(events: Occurrence[]): Occurrence[] {
  return [...events].sort((a, b) =>
    Number(b.allDay) - Number(a.allDay) || Date.parse(a.start) - Date.parse(b.start) ||
    a.title.localeCompare(b.title)
  );
}

/**
 * A timed occurrence's time in `timeZone`: "9:00 – 10:00 AM", with the weekday on each end
 * when it does not start and end on `today`.
 */
export function eventTime(
  event: Occurrence,
  today: string,
  locale: string,
  timeZone: string,
): string {
  const start = Date.parse(event.start);
  const end = Date.parse(event.end);
  const time: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit", timeZone };
  if (dayOf(start, timeZone) === today && dayOf(end - 1, timeZone) === today) {
    const format = new Intl.DateTimeFormat(locale, time);
    return end > start ? format.formatRange(start, end) : format.format(start);
  }
  // formatRange would add the day of the month in front ("10 Tue"): each end on its own.
  const format = new Intl.DateTimeFormat(locale, { weekday: "short", ...time });
  return `${format.format(start)} – ${format.format(end)}`;
}

/** A memo's name: its title, else its first line of text. */
export function memoName(memo: Memo): string {
  return memo.title.trim() || memoExcerpt(memo.body, 80);
}

/** The first `max` characters of a Markdown text as plain words, on one line. */
export function memoExcerpt(body: string, max = 140): string {
  const plain = body.replace(/```[\s\S]*?```/g, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "")
    .replace(/\s+/g, " ").trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
