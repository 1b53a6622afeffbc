import CalendarView from "../../islands/CalendarView.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { calendarData } from "../../lib/calendar/page.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/**
 * `/calendar?view=month|week|agenda&date=YYYY-MM-DD&day=&event=`: the profile's events in its
 * zone, rendered on the server (reading and moving between views need no JavaScript); editing
 * through the `CalendarView` island.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db, now } = ctx.state.services;
    ctx.state.title = ctx.state.t("section.calendar");
    const q = ctx.url.searchParams;
    const data = await calendarData(db.kysely, profile.id, profile.timeZone, {
      view: q.get("view"),
      date: q.get("date"),
      day: q.get("day"),
      event: q.get("event"),
    }, now());
    return page({ data });
  },
});

export default define.page<typeof handler>(function CalendarPage({ data, state }) {
  return (
    <section class="calendar-page">
      <CalendarView
        data={data.data}
        locale={state.locale}
        messages={messages(state.locale, "calendar.")}
      />
    </section>
  );
});
