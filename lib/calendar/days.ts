/**
 * The calendar's days: every occurrence of a profile's events that touches each day of a span
 * (days of the profile's zone), counted, and the first few of each day kept. A month of a busy
 * profile holds tens of thousands of occurrences (2,000 daily series are 60,000), so nothing is
 * built for one that is only counted: occurrences stay floating numbers (`cachedBetween`, the
 * expansion's own month buckets), a day keeps its first `cap` in a small sorted array, and only
 * those become `DayItem`s. An all-day event is a date: it shows on its dates in any zone.
 */
import type { Kysely } from "kysely";
import { fromFloating, fromZoned, toFloating } from "../dates/zones.ts";
import { owned } from "../db/owned.ts";
import type { Database } from "../db/schema.ts";
import { cachedBetween, type Expandable, floatingRule } from "../events/expand.ts";
import { dateOf, DAY_MS, parseDate } from "../events/time.ts";
import { EXPANDABLE_COLUMNS, toExpandable } from "../events/store.ts";
import type { CalendarDay, DayItem } from "./types.ts";

/** More than the largest distance of a zone's wall clock from UTC (UTC+14). */
const ZONE_MARGIN_MS = 15 * 3_600_000;
/** How far from midnight a DST change can move a wall time (two hours, to be sure). */
const SAME_DAY_MARGIN_MS = 2 * 3_600_000;
/** The most day placements one span makes; past it the days are marked partial. */
export const MAX_PLACEMENTS = 400_000;

/** A kept occurrence: its sort key and what makes it a `DayItem`. */
interface Kept {
  key: number;
  id: string;
  event: Expandable;
  /** Floating start in the event's zone. */
  f: number;
  at: number;
  length: number;
  fromBefore: boolean;
  goesOn: boolean;
}

/** Whole days: all-day and multi-day items come before timed ones (offsets beyond any instant). */
const BAR = -1e16;

/** The days of a span, with what `calendarDays` found. */
export interface DaySpan {
  days: CalendarDay[];
  partial: boolean;
}

/**
 * The `count` days from `first` (`YYYY-MM-DD`) in `zone`, each with every occurrence that
 * touches it counted and its first `cap(index)` kept (all-day and multi-day ones first, then by
 * start, then by event id).
 */
export async function calendarDays(
  db: Kysely<Database>,
  profileId: string,
  zone: string,
  first: string,
  count: number,
  cap: (index: number) => number,
): Promise<DaySpan> {
  const grid = parseDate(first);
  const [y, m, d] = first.split("-").map(Number);
  const from = fromZoned({ year: y, month: m, day: d, hour: 0, minute: 0 }, zone).getTime();
  const to = fromZoned({ year: y, month: m, day: d + count, hour: 0, minute: 0 }, zone).getTime();
  // Widened by a day: an all-day event is read in its own zone, which may lie ahead.
  const rows = await owned(db, profileId).selectFrom("events")
    .select(EXPANDABLE_COLUMNS)
    .where("first_at", "<", new Date(to + DAY_MS).toISOString())
    .where((eb) =>
      eb.or([eb("last_at", "is", null), eb("last_at", ">=", new Date(from - DAY_MS).toISOString())])
    )
    .execute();

  const caps = Array.from({ length: count }, (_, i) => cap(i));
  // The same rows give the same days: a view asked for again (a reload, the island after a
  // change elsewhere) costs the read and a comparison. Keyed by the whole input, never stale.
  const slot = `${profileId}|${zone}|${first}|${count}|${caps.join(",")}`;
  const content = rows.map((r) =>
    `${r.id}\u0001${r.start_at}\u0001${r.end_at}\u0001${r.all_day}\u0001${r.time_zone}\u0001${r.rrule}\u0001${r.exdates}\u0001${r.series_until}\u0001${r.title}\u0001${r.location}`
  ).join("\u0002");
  const remembered = spans.get(slot);
  if (remembered?.content === content) {
    spans.delete(slot);
    spans.set(slot, remembered);
    return remembered.span;
  }

  const counts = new Array<number>(count).fill(0);
  const kept: Kept[][] = Array.from({ length: count }, () => []);
  let placements = 0;
  let partial = false;

  /** Whether `a` goes before `b` on a day: by key, then by event id. */
  const before = (key: number, id: string, b: Kept) => key < b.key || (key === b.key && id < b.id);
  /** Keeps `item` among the day's first; the caller checked it makes the cut. */
  const keep = (list: Kept[], max: number, item: Kept) => {
    let i = list.length;
    while (i > 0 && before(item.key, item.id, list[i - 1])) i--;
    list.splice(i, 0, item);
    if (list.length > max) list.pop();
  };

  /** An instant from a floating time in a zone, by whole days of one offset (`fromFloating`). */
  const instants = new Map<string, (f: number) => number>();
  const instantIn = (z: string) => {
    let fn = instants.get(z);
    if (fn) return fn;
    const offsets = new Map<number, number | null>();
    fn = (f: number) => {
      const day = Math.floor(f / DAY_MS);
      let o = offsets.get(day);
      if (o === undefined) {
        // The instants of one wall day lie between its midnight less 14 hours and its end
        // plus 12; one offset at both ends (and no transition pair in 2 days) is the day's.
        const a = day * DAY_MS - ZONE_MARGIN_MS;
        const b = (day + 1) * DAY_MS + ZONE_MARGIN_MS;
        const oa = toFloating(a, z) - a;
        o = oa === toFloating(b, z) - b ? oa : null;
        offsets.set(day, o);
      }
      return o === null ? fromFloating(f, z) : f - o;
    };
    instants.set(z, fn);
    return fn;
  };

  for (const r of rows) {
    const event = toExpandable(r);
    const ez = event.timeZone;
    const instant = instantIn(ez);
    const skip = event.exdates.length ? new Set(event.exdates) : null;
    const start = event.allDay ? parseDate(event.start) : toFloating(Date.parse(event.start), ez);
    const length = event.allDay
      ? parseDate(event.end) - parseDate(event.start)
      : Date.parse(event.end) - Date.parse(event.start);

    /** Places the occurrence at floating `f` on every day of the span it touches. */
    const place = (f: number) => {
      let firstDay: number, lastDay: number, at: number;
      if (event.allDay) {
        if (skip?.has(dateOf(f))) return;
        at = f;
        firstDay = Math.floor((f - grid) / DAY_MS);
        lastDay = Math.ceil((f + length - grid) / DAY_MS) - 1;
      } else {
        at = instant(f);
        if (skip?.has(new Date(at).toISOString())) return;
        const local = ez === zone ? f : toFloating(at, zone);
        firstDay = Math.floor((local - grid) / DAY_MS);
        // The end is exclusive: an event that ends at midnight is not on the next day. In the
        // profile's own zone, one that ends two hours before midnight or earlier is on its day
        // whatever a DST change does (the common case, without a look-up).
        lastDay = length === 0 || (ez === zone && local - Math.floor(local / DAY_MS) * DAY_MS +
                  length <= DAY_MS - SAME_DAY_MARGIN_MS)
          ? firstDay
          : Math.ceil((toFloating(at + length, zone) - grid) / DAY_MS) - 1;
      }
      const lo = Math.max(firstDay, 0);
      const hi = Math.min(lastDay, count - 1);
      if (lo > hi) return;
      if (placements + hi - lo + 1 > MAX_PLACEMENTS) {
        partial = true;
        return;
      }
      const bar = event.allDay || firstDay !== lastDay;
      const key = bar ? BAR + at : at;
      for (let day = lo; day <= hi; day++) {
        placements++;
        counts[day]++;
        // Most occurrences are only counted: nothing is built for one that misses the cut.
        const list = kept[day];
        const max = caps[day];
        if (list.length >= max && (max === 0 || !before(key, event.id, list[list.length - 1]))) {
          continue;
        }
        keep(list, max, {
          key,
          id: event.id,
          event,
          f,
          at,
          length,
          fromBefore: day > firstDay,
          goesOn: day < lastDay,
        });
      }
    };

    if (!event.rrule) {
      place(start);
      continue;
    }
    // The span in floating time, widened by the longest offset and the event's length.
    const lo = from - length - 2 * DAY_MS;
    const hi = to + 2 * DAY_MS;
    if (length > 32 * DAY_MS) {
      floatingRule(event, lo)!.between(new Date(lo), new Date(hi), true, (date) => {
        place(date.getTime());
        return !partial;
      });
      continue;
    }
    const near = from - length - ZONE_MARGIN_MS;
    const far = to + ZONE_MARGIN_MS;
    for (const f of cachedBetween(event, lo, hi)) {
      if (f >= near && f <= far) place(f);
    }
  }

  const days: CalendarDay[] = counts.map((n, i) => ({
    date: dateOf(grid + i * DAY_MS),
    count: n,
    items: kept[i].map(toItem),
  }));
  const span = { days, partial };
  if (spans.size >= MAX_SPANS) spans.delete(spans.keys().next().value!);
  spans.set(slot, { content, span });
  return span;
}

/**
 * The last spans worked out, by profile, zone, days and caps, with the rows they came from
 * (least recently used first). A span is shared: callers only read it.
 */
const spans = new Map<string, { content: string; span: DaySpan }>();
const MAX_SPANS = 16;

function toItem(k: Kept): DayItem {
  const e = k.event;
  return {
    eventId: e.id,
    start: e.allDay ? dateOf(k.f) : new Date(k.at).toISOString(),
    end: e.allDay ? dateOf(k.f + k.length) : new Date(k.at + k.length).toISOString(),
    title: e.title,
    allDay: e.allDay,
    location: e.location,
    timeZone: e.timeZone,
    recurring: e.rrule !== null,
    fromBefore: k.fromBefore,
    goesOn: k.goesOn,
  };
}
