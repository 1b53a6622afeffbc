/**
 * The Calendar page: month, week and agenda views of the profile's events in its zone (rendered
 * on the server, so reading and moving between views work without JavaScript), and the editing:
 * a day opens a new event on it (on a phone the first tap chooses the day, whose list shows
 * below), an event opens it; save, delete and skipping one occurrence of a series. A delete or
 * skip shows at once and is put back if the box refuses; after a save the view is fetched again
 * (`GET /api/calendar`), since only the box expands repeats.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { type EditorState, EventEditor } from "../components/calendar/EventEditor.tsx";
import { calendarHref, sayDay, wallOf } from "../components/calendar/dates.ts";
import { bodyOf, draftOf, fieldOf, newDraft } from "../components/calendar/draft.ts";
import {
  AgendaView,
  DayList,
  itemWhen,
  MonthView,
  type ViewProps,
  WeekView,
} from "../components/calendar/Views.tsx";
import type { CalendarData, CalendarDay, DayItem } from "../lib/calendar/types.ts";
import { ApiError, apiJson, errorText } from "../lib/client/api.ts";
import type { CalendarEvent } from "../lib/events/types.ts";
import { fill } from "../lib/i18n/format.ts";

interface Props {
  data: CalendarData;
  locale: string;
  /** The `calendar.*` messages in the page's language. */
  messages: Record<string, string>;
}

const PHONE = "(max-width: 47.99rem)";

/** The view's data without the items `drop` matches (counts follow). */
function without(data: CalendarData, drop: (item: DayItem) => boolean): CalendarData {
  const day = (d: CalendarDay): CalendarDay => {
    const items = d.items.filter((i) => !drop(i));
    return { ...d, items, count: d.count - (d.items.length - items.length) };
  };
  return {
    ...data,
    days: data.days.map(day),
    selected: data.selected && day(data.selected),
  };
}

export default function CalendarView(props: Props) {
  const m = props.messages;
  const { locale } = props;
  const data = useSignal<CalendarData>(props.data);
  const editor = useSignal<EditorState | null>(null);
  const error = useSignal("");
  // Buttons that only a script can answer appear once it runs (reading needs none).
  const live = useSignal(false);
  useEffect(() => {
    live.value = true;
  }, []);
  const d = data.value;

  const failed = (err: unknown) => {
    error.value = fill(m["calendar.failed"], { detail: errorText(err, m["calendar.network"]) });
  };

  /** Fetches the view again (after a change), the chosen day kept. */
  const reload = async (day = d.selected?.date) => {
    const q = new URLSearchParams({ view: d.view, date: d.date });
    if (day && d.view === "month") q.set("day", day);
    if (data.value.event) q.set("event", data.value.event.id);
    data.value = await apiJson<CalendarData>(`/api/calendar?${q}`);
  };

  const select = (day: string) => {
    const found = data.value.days.find((x) => x.date === day) ?? null;
    data.value = { ...data.value, selected: found };
    history.replaceState(null, "", calendarHref(data.value.view, data.value.date, { day }));
  };

  const create = (day: string) => {
    error.value = "";
    editor.value = {
      id: null,
      draft: newDraft(day, d.timeZone),
      kept: null,
      occurrence: null,
      errors: {},
      busy: false,
    };
  };

  const edit = async (eventId: string, occurrence: DayItem | null) => {
    error.value = "";
    try {
      const event = await apiJson<CalendarEvent>(`/api/events/${encodeURIComponent(eventId)}`);
      editor.value = {
        id: event.id,
        draft: draftOf(event),
        kept: event.rrule,
        occurrence: occurrence && {
          start: occurrence.start,
          label: sayDay(
            occurrence.allDay ? occurrence.start : wallDay(occurrence.start, d.timeZone),
            locale,
            { weekday: "short", day: "numeric", month: "short" },
          ),
        },
        errors: {},
        busy: false,
      };
    } catch (err) {
      failed(err);
    }
  };

  const onDay = (day: string, e: MouseEvent) => {
    if ((e.target as Element).closest(".cal-item, .cal-more, .cal-col-head a")) return;
    e.preventDefault();
    const phone = matchMedia(PHONE).matches;
    if (d.view === "month" && phone && data.value.selected?.date !== day) select(day);
    else {
      if (d.view === "month") select(day);
      create(day);
    }
  };

  const onItem = (item: DayItem, e: MouseEvent) => {
    e.preventDefault();
    e.stopPropagation();
    edit(item.eventId, item);
  };

  const save = async () => {
    const s = editor.value;
    if (!s || s.busy) return;
    editor.value = { ...s, busy: true, errors: {} };
    try {
      const body = bodyOf(s.draft, s.kept);
      if (s.id) await apiJson(`/api/events/${encodeURIComponent(s.id)}`, "PATCH", body);
      else await apiJson("/api/events", "POST", { ...body, timeZone: s.draft.timeZone });
      editor.value = null;
      await reload(d.view === "month" ? s.draft.startDay : undefined);
    } catch (err) {
      const field = err instanceof ApiError ? fieldOf(err.field) : "";
      const text = field ? (err as ApiError).message : fill(m["calendar.failed"], {
        detail: errorText(err, m["calendar.network"]),
      });
      if (editor.value) {
        editor.value = { ...editor.value, busy: false, errors: { [field]: text } };
      }
    }
  };

  const remove = async () => {
    const s = editor.value;
    if (!s?.id) return;
    const before = data.value;
    editor.value = null;
    error.value = "";
    data.value = without(before, (i) => i.eventId === s.id);
    try {
      await apiJson(`/api/events/${encodeURIComponent(s.id)}`, "DELETE");
      if (before.event?.id === s.id) {
        data.value = { ...data.value, event: null };
        history.replaceState(null, "", calendarHref(before.view, before.date));
      }
    } catch (err) {
      data.value = before;
      failed(err);
    }
  };

  const skip = async () => {
    const s = editor.value;
    if (!s?.id || !s.occurrence) return;
    const before = data.value;
    const start = s.occurrence.start;
    editor.value = null;
    error.value = "";
    data.value = without(before, (i) => i.eventId === s.id && i.start === start);
    try {
      await apiJson(`/api/events/${encodeURIComponent(s.id)}/exceptions`, "POST", { start });
    } catch (err) {
      data.value = before;
      failed(err);
    }
  };

  const view: ViewProps = { data: d, locale, m, onDay, onItem };
  const title = d.view === "month"
    ? sayDay(`${d.month}-01`, locale, { month: "long", year: "numeric" })
    : d.view === "week"
    ? `${sayDay(d.days[0].date, locale, { day: "numeric", month: "short" })} – ${
      sayDay(d.days[6].date, locale, { day: "numeric", month: "short", year: "numeric" })
    }`
    : fill(m["calendar.agendaFrom"], {
      day: sayDay(d.days[0].date, locale, { day: "numeric", month: "long", year: "numeric" }),
    });
  const unit = d.view === "month" ? "Month" : d.view === "week" ? "Week" : "Agenda";
  const newDay = d.selected?.date ??
    (d.days.some((x) => x.date === d.today) ? d.today : d.days[0].date);

  return (
    <div class={`cal cal-${d.view}-view`}>
      <div class="cal-toolbar">
        <h1 class="cal-title">{title}</h1>
        <nav class="cal-nav" aria-label={m["calendar.navLabel"]}>
          <a
            class="cal-step"
            href={calendarHref(d.view, d.prev)}
            aria-label={m[`calendar.prev${unit}`]}
          >
            ‹
          </a>
          <a class="cal-step cal-today" href={`/calendar?view=${d.view}`}>{m["calendar.today"]}</a>
          <a
            class="cal-step"
            href={calendarHref(d.view, d.next)}
            aria-label={m[`calendar.next${unit}`]}
          >
            ›
          </a>
        </nav>
        <nav class="cal-views" aria-label={m["calendar.viewLabel"]}>
          {(["month", "week", "agenda"] as const).map((v) => (
            <a
              key={v}
              href={calendarHref(v, v === "month" ? d.date : d.selected?.date ?? d.date)}
              aria-current={v === d.view ? "page" : undefined}
            >
              {m[`calendar.view.${v}`]}
            </a>
          ))}
        </nav>
        {live.value && (
          <button type="button" class="button cal-new" onClick={() => create(newDay)}>
            {m["calendar.new"]}
          </button>
        )}
      </div>
      {d.notice && <p class="cal-notice" role="status">{m[d.notice]}</p>}
      {d.partial && <p class="cal-notice" role="status">{m["calendar.partial"]}</p>}
      {error.value && <p class="error" role="alert">{error.value}</p>}
      {d.event && (
        <article class="cal-event" id={`e-${d.event.id}`} aria-labelledby="cal-event-title">
          <h2 id="cal-event-title" dir="auto">{d.event.title}</h2>
          <p class="cal-event-when">{eventWhen(d.event, locale, d.timeZone, m)}</p>
          {d.event.location && <p dir="auto">{d.event.location}</p>}
          {d.event.rrule && <p class="muted">↻ {m["calendar.repeats"]}</p>}
          {d.event.notes && <p class="cal-event-notes" dir="auto">{d.event.notes}</p>}
          <div class="cal-actions">
            {live.value && (
              <button
                type="button"
                class="button"
                onClick={() => edit(d.event!.id, null)}
              >
                {m["calendar.edit"]}
              </button>
            )}
            <a class="cal-secondary" href={calendarHref(d.view, d.date)}>{m["calendar.close"]}</a>
          </div>
        </article>
      )}
      {d.view === "month" && <MonthView {...view} />}
      {d.view === "week" && <WeekView {...view} />}
      {d.view === "agenda" && <AgendaView {...view} />}
      {d.view === "month" && d.selected && (
        <section class="cal-selected" id="cal-day" aria-labelledby="cal-day-title">
          <div class="cal-selected-head">
            <h2 id="cal-day-title">
              {sayDay(d.selected.date, locale, { weekday: "long", day: "numeric", month: "long" })}
            </h2>
            {live.value && (
              <button
                type="button"
                class="cal-secondary"
                onClick={() => create(d.selected!.date)}
              >
                {m["calendar.newHere"]}
              </button>
            )}
          </div>
          {d.selected.count === 0
            ? <p class="muted">{m["calendar.noEvents"]}</p>
            : <DayList day={d.selected} props={view} />}
        </section>
      )}
      <EventEditor
        state={editor}
        m={m}
        timeZone={d.timeZone}
        onSave={save}
        onDelete={remove}
        onSkip={skip}
      />
    </div>
  );
}

/** The `YYYY-MM-DD` an instant falls on in `timeZone`. */
function wallDay(iso: string, timeZone: string): string {
  return wallOf(Date.parse(iso), timeZone).day;
}

/** An event's first occurrence, said in full in the profile's zone. */
function eventWhen(
  e: CalendarEvent,
  locale: string,
  timeZone: string,
  m: Record<string, string>,
): string {
  const item: DayItem = {
    eventId: e.id,
    start: e.start,
    end: e.end,
    title: e.title,
    allDay: e.allDay,
    location: e.location,
    timeZone: e.timeZone,
    recurring: e.rrule !== null,
    fromBefore: false,
    goesOn: false,
  };
  const day = e.allDay ? e.start : wallDay(e.start, timeZone);
  const when = itemWhen(item, locale, timeZone, m);
  return `${
    sayDay(day, locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" })
  }, ${when}`;
}
