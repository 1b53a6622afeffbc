/**
 * The shapes the Calendar page renders and `GET /api/calendar` sends (browser-safe: type-only
 * imports). Days are `YYYY-MM-DD` in the profile's time zone.
 */
import type { CalendarEvent, Occurrence } from "../events/types.ts";

/** The page's views. */
export const CALENDAR_VIEWS = ["month", "week", "agenda"] as const;
export type CalendarView = typeof CALENDAR_VIEWS[number];

/** An occurrence as it shows on one day. */
export interface DayItem extends Occurrence {
  /** It began on an earlier day (a multi-day event shown again). */
  fromBefore: boolean;
  /** It goes on past this day. */
  goesOn: boolean;
}

/** One day of the calendar: how many occurrences touch it, and the first of them. */
export interface CalendarDay {
  date: string;
  /** Every occurrence that touches the day. */
  count: number;
  /** The first ones (all-day and multi-day first, then by start), at most the view's cap. */
  items: DayItem[];
}

/** Everything one view of the page shows. */
export interface CalendarData {
  view: CalendarView;
  /** The day the view is anchored on (`?date=`). */
  date: string;
  /** Today in the profile's zone. */
  today: string;
  timeZone: string;
  /** The view's days: whole weeks for a month, seven for a week, the agenda's span. */
  days: CalendarDay[];
  /** The month a month view shows (`YYYY-MM`); its grid also holds days of the months around. */
  month: string;
  /** The view before and after, and the anchor of each (`?date=`). */
  prev: string;
  next: string;
  /** The chosen day (`?day=`, else today when it is in view), with all its occurrences. */
  selected: CalendarDay | null;
  /** The event asked for (`?event=`), shown with its details. */
  event: CalendarEvent | null;
  /** Why a query was not followed (a bad date or view): a message key. */
  notice: string | null;
  /** Whether a day held more than the expansion reads (an event repeated beyond reason). */
  partial: boolean;
}
