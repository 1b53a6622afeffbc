/**
 * What falls due for one profile in a window of time: event reminders (each occurrence of each
 * event, recurrences expanded in the event's zone, minus each of its reminder offsets) and todo
 * nudges (an open todo's due; an all-day todo's at `ALL_DAY_NUDGE_HOUR` on its day, in its zone).
 * Each has a key that names it for good: (kind, source id, occurrence start, offset). Reading
 * goes through the stores' tables under `owned()`; expansion through `lib/events/expand.ts`.
 */
import type { Kysely } from "kysely";
import { yieldToEventLoop } from "../async.ts";
import { fromZoned, zonedParts } from "../dates/zones.ts";
import { owned } from "../db/owned.ts";
import type { Database } from "../db/schema.ts";
import { occurrences } from "../events/expand.ts";
import { MAX_REMINDER_MINUTES } from "../events/schemas.ts";
import { EXPANDABLE_COLUMNS, toExpandable } from "../events/store.ts";
import type { NotificationKind } from "../notifications/types.ts";

/** The hour (local, in the todo's zone) an all-day todo is nudged on its day. */
export const ALL_DAY_NUDGE_HOUR = 9;

const MINUTE_MS = 60_000;
/** Events expanded between two turns of the event loop (a few milliseconds of work). */
const YIELD_EVERY = 20;

/** One thing that falls due. */
export interface DueItem {
  /** Names it for good: `kind|source|occurrence start|offset minutes`. */
  key: string;
  profileId: string;
  kind: Exclude<NotificationKind, "briefing">;
  refId: string;
  /** The event's or todo's title. */
  subject: string;
  /** The occurrence's start or the todo's due: an instant (ISO), or a day when `allDay`. */
  at: string;
  allDay: boolean;
  timeZone: string;
  /** When it falls due (UTC milliseconds). */
  dueAt: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The instant a day (`2026-03-10`) starts in `zone`. */
function dayStart(date: string, zone: string): number {
  const [year, month, day] = date.split("-").map(Number);
  return fromZoned({ year, month, day, hour: 0, minute: 0 }, zone).getTime();
}

/**
 * The profile's event reminders due in [`from`, `to`] (UTC milliseconds, a window of at most a
 * few days). An event that cannot be expanded is skipped and reported to `onError`.
 */
export async function dueReminders(
  db: Kysely<Database>,
  profileId: string,
  from: number,
  to: number,
  onError: (eventId: string, error: unknown) => void = () => {},
): Promise<DueItem[]> {
  const rows = await owned(db, profileId).selectFrom("events")
    .select([...EXPANDABLE_COLUMNS, "reminder_minutes"])
    .where("reminder_minutes", "!=", "[]")
    // A reminder due by `to` belongs to an occurrence starting at most four weeks later.
    .where("first_at", "<=", iso(to + MAX_REMINDER_MINUTES * MINUTE_MS))
    .where((eb) => eb.or([eb("last_at", "is", null), eb("last_at", ">=", iso(from))]))
    .execute();
  const found: DueItem[] = [];
  for (const [i, r] of rows.entries()) {
    // Expansion is synchronous: requests get their turn between batches of events.
    if (i > 0 && i % YIELD_EVERY === 0) await yieldToEventLoop();
    const event = toExpandable(r);
    try {
      const offsets = [...new Set(JSON.parse(r.reminder_minutes) as number[])];
      for (const minutes of offsets) {
        const lo = from + minutes * MINUTE_MS;
        const hi = to + minutes * MINUTE_MS;
        for (const o of occurrences([event], lo, hi + 1)) {
          const start = o.allDay ? dayStart(o.start, o.timeZone) : Date.parse(o.start);
          if (start < lo || start > hi) continue;
          found.push({
            key: `event|${r.id}|${o.start}|${minutes}`,
            profileId,
            kind: "event",
            refId: r.id,
            subject: r.title,
            at: o.start,
            allDay: o.allDay,
            timeZone: o.timeZone,
            dueAt: start - minutes * MINUTE_MS,
          });
        }
      }
    } catch (err) {
      onError(r.id, err);
    }
  }
  return found;
}

/** When an open todo is nudged: its due, or for an all-day one its day at the nudge hour. */
export function nudgeAt(todo: { due: string; allDay: boolean; timeZone: string }): number {
  const due = Date.parse(todo.due);
  if (!todo.allDay) return due;
  const p = zonedParts(due, todo.timeZone);
  return fromZoned(
    { year: p.year, month: p.month, day: p.day, hour: ALL_DAY_NUDGE_HOUR, minute: 0 },
    todo.timeZone,
  ).getTime();
}

/** The profile's open todos whose nudge falls in [`from`, `to`]. */
export async function dueTodos(
  db: Kysely<Database>,
  profileId: string,
  from: number,
  to: number,
): Promise<DueItem[]> {
  // A nudge lies between the due and the moment the todo is overdue (the same for a timed one).
  const rows = await owned(db, profileId).selectFrom("todos")
    .select(["id", "title", "due", "due_all_day", "time_zone"])
    .where("status", "=", "open")
    .where("overdue_at", ">=", iso(from))
    .where("due", "<=", iso(to))
    .execute();
  const found: DueItem[] = [];
  for (const r of rows) {
    const allDay = r.due_all_day === 1;
    const due = r.due!;
    const at = nudgeAt({ due, allDay, timeZone: r.time_zone });
    if (at < from || at > to) continue;
    const day = allDay ? localDate(Date.parse(due), r.time_zone) : due;
    found.push({
      key: `todo|${r.id}|${due}|0`,
      profileId,
      kind: "todo",
      refId: r.id,
      subject: r.title,
      at: day,
      allDay,
      timeZone: r.time_zone,
      dueAt: at,
    });
  }
  return found;
}

/** The local day (`2026-03-10`) holding `instant` in `zone`. */
export function localDate(instant: number, zone: string): string {
  const p = zonedParts(instant, zone);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}
