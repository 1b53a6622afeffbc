/**
 * The Calendar page's views, rendered the same on the server and in the island: the month grid
 * (chips on a wide screen, dots on a phone), the week's columns, the agenda, a day's list. Every
 * day and item is a link, so reading and moving around need no JavaScript; the island adds
 * `onDay`/`onItem` to open the editor instead.
 */
import type { CalendarData, CalendarDay, DayItem } from "../../lib/calendar/types.ts";
import { fill } from "../../lib/i18n/format.ts";
import { addDays, calendarHref, itemTime, sayDay, sayTime, weekdayNames } from "./dates.ts";

/** What every view gets. */
export interface ViewProps {
  data: CalendarData;
  locale: string;
  m: Record<string, string>;
  /** A day was clicked (not on an item). */
  onDay?: (day: string, e: MouseEvent) => void;
  /** An item was clicked. */
  onItem?: (item: DayItem, e: MouseEvent) => void;
}

function itemHref(data: CalendarData, item: DayItem, day: string): string {
  return calendarHref(data.view, data.date, { day, event: item.eventId });
}

/** One item as a chip (month), a block (week) or a row (lists). */
function Item(
  { item, day, props, kind }: {
    item: DayItem;
    day: string;
    props: ViewProps;
    kind: "chip" | "block";
  },
) {
  const { data, locale } = props;
  const bar = item.allDay || item.fromBefore || item.goesOn;
  const time = itemTime(item, locale, data.timeZone);
  const target = data.event?.id === item.eventId;
  return (
    <a
      class={`cal-item cal-${kind}${bar ? " cal-bar" : ""}${target ? " is-target" : ""}`}
      href={itemHref(data, item, day)}
      data-event={item.eventId}
      onClick={props.onItem && ((e) => props.onItem!(item, e))}
    >
      {time && <span class="cal-time">{time}</span>}
      <span class="cal-item-title" dir="auto">{item.title}</span>
    </a>
  );
}

/** When an item happens, said in full: "09:00 – 10:00", "All day", "until Fri 6 Mar". */
export function itemWhen(
  item: DayItem,
  locale: string,
  timeZone: string,
  m: Record<string, string>,
) {
  if (item.allDay) {
    const last = addDays(item.end, -1);
    return last === item.start
      ? m["calendar.allDay"]
      : `${sayDay(item.start, locale, { day: "numeric", month: "short" })} – ${
        sayDay(last, locale, { day: "numeric", month: "short" })
      }`;
  }
  const start = sayTime(item.start, locale, timeZone);
  if (item.start === item.end) return start;
  const end = sayTime(item.end, locale, timeZone);
  return item.goesOn || item.fromBefore
    ? `${item.fromBefore ? "…" : start} – ${item.goesOn ? "…" : end}`
    : `${start} – ${end}`;
}

/** A day's items as rows with their times and places, and how many more it holds. */
export function DayList({ day, props }: { day: CalendarDay; props: ViewProps }) {
  const { data, locale, m } = props;
  return (
    <>
      <ul class="cal-rows">
        {day.items.map((item) => (
          <li key={`${item.eventId}|${item.start}`}>
            <a
              class={`cal-row${data.event?.id === item.eventId ? " is-target" : ""}`}
              href={itemHref(data, item, day.date)}
              data-event={item.eventId}
              onClick={props.onItem && ((e) => props.onItem!(item, e))}
            >
              <span class="cal-row-when">{itemWhen(item, locale, data.timeZone, m)}</span>
              <span class="cal-row-main">
                <span class="cal-item-title" dir="auto">
                  {item.title}
                  {item.recurring && (
                    <span class="cal-repeat" title={m["calendar.repeats"]}>
                      ↻
                    </span>
                  )}
                </span>
                {item.location && <span class="cal-row-place" dir="auto">{item.location}</span>}
              </span>
            </a>
          </li>
        ))}
      </ul>
      {day.count > day.items.length && (
        <p class="muted">{fill(m["calendar.more"], { count: day.count - day.items.length })}</p>
      )}
    </>
  );
}

function dayLabel(day: CalendarDay, props: ViewProps): string {
  const { locale, m } = props;
  const name = sayDay(day.date, locale, { weekday: "long", day: "numeric", month: "long" });
  return `${name}, ${fill(m["calendar.count"], { count: day.count })}`;
}

/** The month: whole weeks from Monday; a phone shows dots and the chosen day below. */
export function MonthView(props: ViewProps) {
  const { data, locale, m } = props;
  const weeks: CalendarDay[][] = [];
  for (let i = 0; i < data.days.length; i += 7) weeks.push(data.days.slice(i, i + 7));
  const names = weekdayNames(locale);
  const narrow = weekdayNames(locale, "narrow");
  return (
    <table class="cal-month">
      <thead>
        <tr>
          {names.map((n, i) => (
            <th key={n} scope="col" abbr={n}>
              <span class="cal-wide">{n}</span>
              <span class="cal-narrow" aria-hidden="true">{narrow[i]}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0].date}>
            {week.map((day) => {
              const other = !day.date.startsWith(data.month);
              const today = day.date === data.today;
              const chosen = data.selected?.date === day.date;
              const shown = day.items.slice(0, 3);
              return (
                <td
                  key={day.date}
                  class={`cal-cell${other ? " is-other" : ""}${today ? " is-today" : ""}${
                    chosen ? " is-selected" : ""
                  }`}
                  data-day={day.date}
                  onClick={props.onDay && ((e) => props.onDay!(day.date, e))}
                >
                  <a
                    class="cal-day"
                    href={`${calendarHref("month", data.date, { day: day.date })}#cal-day`}
                    aria-label={dayLabel(day, props)}
                    aria-current={today ? "date" : undefined}
                  >
                    <span class="cal-num">{Number(day.date.slice(8))}</span>
                    {day.count > 0 && (
                      <span class="cal-dots" aria-hidden="true">
                        {Array.from(
                          { length: Math.min(day.count, 3) },
                          (_, i) => <span key={i} class="cal-dot" />,
                        )}
                      </span>
                    )}
                  </a>
                  <div class="cal-chips">
                    {shown.map((item) => (
                      <Item
                        key={`${item.eventId}|${item.start}`}
                        item={item}
                        day={day.date}
                        props={props}
                        kind="chip"
                      />
                    ))}
                    {day.count > shown.length && (
                      <a
                        class="cal-more"
                        href={`${calendarHref("month", data.date, { day: day.date })}#cal-day`}
                      >
                        {fill(m["calendar.moreShort"], { count: day.count - shown.length })}
                      </a>
                    )}
                  </div>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The week: seven columns (side by side on a desk, scrolled sideways on a phone). */
export function WeekView(props: ViewProps) {
  const { data, locale, m } = props;
  return (
    <div class="cal-week-scroll">
      <div class="cal-week">
        {data.days.map((day) => (
          <section
            key={day.date}
            class={`cal-col${day.date === data.today ? " is-today" : ""}`}
            data-day={day.date}
            aria-label={dayLabel(day, props)}
            onClick={props.onDay && ((e) => props.onDay!(day.date, e))}
          >
            <h2 class="cal-col-head">
              <a
                href={calendarHref("month", day.date, { day: day.date })}
                aria-current={day.date === data.today ? "date" : undefined}
              >
                {sayDay(day.date, locale, { weekday: "short", day: "numeric" })}
              </a>
            </h2>
            <div class="cal-col-items">
              {day.items.map((item) => (
                <Item
                  key={`${item.eventId}|${item.start}`}
                  item={item}
                  day={day.date}
                  props={props}
                  kind="block"
                />
              ))}
              {day.count > day.items.length && (
                <p class="muted">
                  {fill(m["calendar.more"], { count: day.count - day.items.length })}
                </p>
              )}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}

/** The agenda: the days that hold something, each with its items. */
export function AgendaView(props: ViewProps) {
  const { data, locale, m } = props;
  const busy = data.days.filter((d) => d.count > 0);
  if (busy.length === 0) return <p class="muted cal-empty">{m["calendar.agendaEmpty"]}</p>;
  return (
    <div class="cal-agenda">
      {busy.map((day) => (
        <section
          key={day.date}
          class={`cal-agenda-day${day.date === data.today ? " is-today" : ""}`}
          data-day={day.date}
        >
          <h2 class="cal-agenda-head">
            {sayDay(day.date, locale, { weekday: "long", day: "numeric", month: "long" })}
            {day.date === data.today && <span class="badge">{m["calendar.today"]}</span>}
          </h2>
          <DayList day={day} props={props} />
        </section>
      ))}
    </div>
  );
}
