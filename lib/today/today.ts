/**
 * The profile's day (`GET /api/today`), in its own time zone: "today" is the local day that
 * holds `now`. Everything is read through the stores' own queries (todos and memos through
 * `owned()`, events through `eventsInWindow`, lists through `listLists`, which asks
 * `lists/access.ts`), each capped, so a profile with 10,000 todos costs a few indexed queries.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { fromZoned, zonedParts } from "../dates/zones.ts";
import { firstEventsInWindow } from "../events/store.ts";
import { listLists, openItems } from "../lists/store.ts";
import { listMemos } from "../memos/store.ts";
import { latestBriefing } from "../scheduler/briefing.ts";
import { listTodos } from "../todos/store.ts";
import { type Today, TODAY_LIMITS, type TodayList } from "./types.ts";

/** Who asks: the profile's id and IANA zone. */
export interface TodayProfile {
  id: string;
  timeZone: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The local day holding `now` in `zone`: its date and its first and next day's first instant. */
export function dayOf(now: number, zone: string): { date: string; from: number; to: number } {
  const p = zonedParts(now, zone);
  const from = fromZoned({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0 }, zone);
  // Day 32 rolls over into the next month (`fromZoned` is `Date.UTC`'s arithmetic).
  const to = fromZoned({ year: p.year, month: p.month, day: p.day + 1, hour: 0, minute: 0 }, zone);
  return {
    date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`,
    from: from.getTime(),
    to: to.getTime(),
  };
}

/** The profile's day at `now` (UTC milliseconds). */
export async function today(
  db: Kysely<Database>,
  profile: TodayProfile,
  now: number,
): Promise<Today> {
  const day = dayOf(now, profile.timeZone);
  const from = new Date(day.from).toISOString();
  const to = new Date(day.to).toISOString();
  const page = { sort: "due", dir: "asc", limit: TODAY_LIMITS.todos, offset: 0 } as const;
  const [overdue, dueToday, occurrences, pinned, recent, lists] = await Promise.all([
    listTodos(db, profile.id, { ...page, status: "open", overdue: true }, now),
    listTodos(
      db,
      profile.id,
      { ...page, status: "open", overdue: false, dueAfter: from, dueBefore: to },
      now,
    ),
    firstEventsInWindow(db, profile.id, { from, to }, TODAY_LIMITS.events),
    listMemos(db, profile.id, { sort: "updated", pinned: true, limit: TODAY_LIMITS.pinned }),
    listMemos(db, profile.id, { sort: "updated", pinned: false, limit: TODAY_LIMITS.recent }),
    listLists(db, profile.id),
  ]);
  const withOpen = lists.filter((l) => l.open > 0);
  const shown: TodayList[] = await Promise.all(
    withOpen.slice(0, TODAY_LIMITS.lists).map(async (list) => ({
      list,
      items: await openItems(db, list.id, TODAY_LIMITS.items),
    })),
  );
  return {
    date: day.date,
    timeZone: profile.timeZone,
    from,
    to,
    overdue: { items: overdue.todos, total: overdue.total },
    dueToday: { items: dueToday.todos, total: dueToday.total },
    events: occurrences,
    pinnedMemos: pinned.items,
    recentMemos: recent.items,
    lists: { items: shown, total: withOpen.length },
    briefing: await latestBriefing(db, profile.id, day.date),
  };
}
