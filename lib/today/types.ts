/**
 * What `GET /api/today` sends (browser-safe): the asking profile's day in its own time zone.
 * Every list is capped; `total` says how many there are in all.
 */
import type { Occurrence } from "../events/types.ts";
import type { HouseholdList, ListItem } from "../lists/types.ts";
import type { Memo } from "../memos/types.ts";
import type { Todo } from "../todos/types.ts";

/** Most todos of each kind, occurrences, open items per list, and lists Today holds. */
export const TODAY_LIMITS = { todos: 50, events: 200, items: 50, lists: 20, pinned: 50, recent: 5 };

/** The first `items` of a longer list, and how many there are in all. */
export interface Capped<T> {
  items: T[];
  total: number;
}

/** A list with open items: the list (its `open` counts them all) and the first open ones. */
export interface TodayList {
  list: HouseholdList;
  items: ListItem[];
}

/** The profile's day. */
export interface Today {
  /** The local day (`2026-03-10`) in `timeZone`, the profile's zone. */
  date: string;
  timeZone: string;
  /** The day's first instant and the next day's (UTC), the window the day covers. */
  from: string;
  to: string;
  /** Open todos whose due has passed (an all-day one once its day ended), oldest first. */
  overdue: Capped<Todo>;
  /** Open todos due later today (not yet overdue), by due. */
  dueToday: Capped<Todo>;
  /** The day's event occurrences, recurrences expanded, by start. */
  events: Capped<Occurrence>;
  /** Pinned memos, most recently changed first. */
  pinnedMemos: Memo[];
  /** The most recently changed memos that are not pinned. */
  recentMemos: Memo[];
  /** The lists the profile reads (its own and the household's shared) that have open items. */
  lists: Capped<TodayList>;
  /** The latest daily briefing of the profile, or null before the first one. */
  briefing: Briefing | null;
}

/** A daily briefing the scheduler had the model write from the day's data (`lib/scheduler/`). */
export interface Briefing {
  id: string;
  /** The local day it is for (`2026-03-10`), in the profile's zone. */
  date: string;
  /** Markdown, written by the model. */
  text: string;
  /** When it was written (UTC). */
  createdAt: string;
}
