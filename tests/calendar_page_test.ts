/**
 * `/calendar` on the server, without JavaScript: the month, week and agenda views of the
 * profile's events in its zone (recurrences expanded, all-day and multi-day events on each of
 * their days, today marked, previous/next/today as links), the DST day, bad query values (a
 * notice and a fallback, never an error), another profile's event (404), and the island's
 * `GET /api/calendar`.
 */
import assert from "node:assert/strict";
import { createEvent } from "../lib/events/store.ts";
import type { CalendarData } from "../lib/calendar/types.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

// Tuesday 10 March 2026, 12:00 UTC: 13:00 in Berlin.
const NOW = Date.parse("2026-03-10T12:00:00Z");
const ZONE = "Europe/Berlin";
const html = { headers: { accept: "text/html" } };

const base = {
  notes: "",
  location: "",
  allDay: false,
  timeZone: ZONE,
  reminderMinutes: [],
  rrule: null,
  exdates: [],
};

/** The HTML of one day's cell (month) or column (week), or "" when the view has none. */
function day(page: string, date: string): string {
  const at = page.indexOf(`data-day="${date}"`);
  if (at < 0) return "";
  const end = page.slice(at).search(/data-day="|<\/table>|<\/section>/);
  const next = page.indexOf(`data-day="`, at + 10);
  return page.slice(at, next < 0 ? at + Math.max(end, 2000) : next);
}

async function setup() {
  const app = await testApp();
  app.services.now = () => NOW;
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const db = app.services.db.kysely;
  await db.updateTable("profiles").set({ time_zone: ZONE }).where("id", "in", [ann.id, bob.id])
    .execute();
  return { app, ann, bob, db };
}

Deno.test("calendar page - the month: repeats expanded, all-day and multi-day on each day, today marked, links to move", async () => {
  const { app, ann, bob, db } = await setup();
  await using _ = app;
  // Every Monday 09:00 Berlin, from 2 March; skips 16 March.
  const standup = await createEvent(db, ann.id, {
    ...base,
    title: "Standup",
    start: "2026-03-02T08:00:00Z",
    end: "2026-03-02T08:15:00Z",
    rrule: "FREQ=WEEKLY",
    exdates: ["2026-03-16T08:00:00Z"],
  });
  await createEvent(db, ann.id, {
    ...base,
    title: "Ski trip",
    allDay: true,
    start: "2026-03-12",
    end: "2026-03-15",
  });
  // 22:00 Berlin on the 20th to 02:00 on the 21st: on both days.
  await createEvent(db, ann.id, {
    ...base,
    title: "Night shift",
    start: "2026-03-20T21:00:00Z",
    end: "2026-03-21T01:00:00Z",
  });
  await createEvent(db, bob.id, { ...base, title: "Bob's secret", start: "2026-03-11T10:00:00Z" });

  const res = await ann.fetch("/calendar?view=month&date=2026-03-01", html);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/html/);
  const page = await res.text();
  assert.match(page, /<title>Calendar · Hearth<\/title>/);
  assert.match(page, /<a href="\/calendar" class="nav-link" aria-current="page"/, "in the nav");
  assert.match(page, /March 2026/);
  // Weeks from Monday: 23 February to 5 April.
  assert.ok(day(page, "2026-02-23") && day(page, "2026-04-05") && !day(page, "2026-04-06"));
  for (const monday of ["2026-03-02", "2026-03-09", "2026-03-23", "2026-03-30"]) {
    assert.match(
      day(page, monday),
      /9:00\sAM<\/span><span class="cal-item-title" dir="auto">Standup/,
    );
  }
  assert.doesNotMatch(day(page, "2026-03-16"), /Standup/, "the skipped occurrence");
  for (const d of ["2026-03-12", "2026-03-13", "2026-03-14"]) {
    assert.match(day(page, d), /cal-bar[^"]*"[^>]*>.*Ski trip/, d);
  }
  assert.doesNotMatch(day(page, "2026-03-15"), /Ski trip/, "an all-day end is exclusive");
  assert.match(day(page, "2026-03-20"), /Night shift/);
  assert.match(day(page, "2026-03-21"), /Night shift/);
  assert.doesNotMatch(page, /Bob(&#x27;|&#39;|')s secret/);
  // Today (in Berlin) is marked and chosen: its list shows below.
  assert.match(day(page, "2026-03-10"), /aria-current="date"/);
  assert.equal(page.split('aria-current="date"').length, 2, "one day is today");
  assert.match(page, /id="cal-day"[\s\S]*Tuesday, March 10/);
  // Moving needs no script: plain links.
  assert.match(
    page,
    /href="\/calendar\?view=month&amp;date=2026-02-01" aria-label="Previous month"/,
  );
  assert.match(page, /href="\/calendar\?view=month&amp;date=2026-04-01" aria-label="Next month"/);
  assert.match(page, /href="\/calendar\?view=week&amp;date=2026-03-10"/, "the chosen day's week");
  // Only what works without a script is shown before one runs: no "New event" button.
  assert.doesNotMatch(page, /<button[^>]*>(New event|Edit)/);
  // A day is a link that chooses it.
  assert.match(
    page,
    /href="\/calendar\?view=month&amp;date=2026-03-01&amp;day=2026-03-12#cal-day"/,
  );
  const chosen = await (await ann.fetch("/calendar?date=2026-03-01&day=2026-03-12", html)).text();
  assert.match(
    chosen,
    /id="cal-day"[\s\S]*Thursday, March 12[\s\S]*Mar 12 – Mar 14[\s\S]*Ski trip/,
  );
  // A search hit opens the event on its day, with its details.
  const hit = await (await ann.fetch(`/calendar?event=${standup.id}`, html)).text();
  assert.match(hit, /class="cal-event"[\s\S]*Standup[\s\S]*Repeats/);
  assert.doesNotMatch(hit, /<button[^>]*>Edit/, "editing waits for the script");
  assert.match(hit, /id="cal-day"[\s\S]*Monday, March 16|id="cal-day"[\s\S]*Monday, March 23/);
});

Deno.test("calendar page - the week and the agenda, in German too", async () => {
  const { app, ann, db } = await setup();
  await using _ = app;
  await createEvent(db, ann.id, {
    ...base,
    title: "Yoga",
    location: "Studio 2",
    start: "2026-03-11T17:00:00Z",
    end: "2026-03-11T18:00:00Z",
    rrule: "FREQ=DAILY;COUNT=3",
  });
  const week = await (await ann.fetch("/calendar?view=week&date=2026-03-12", html)).text();
  assert.match(week, /Mar 9 – Mar 15, 2026/);
  for (const d of ["2026-03-11", "2026-03-12", "2026-03-13"]) {
    assert.match(day(week, d), /6:00\sPM[\s\S]*Yoga/, d);
  }
  assert.doesNotMatch(day(week, "2026-03-14"), /Yoga/, "COUNT=3 ends it");
  assert.match(day(week, "2026-03-10"), /aria-current="date"/);
  assert.match(week, /href="\/calendar\?view=week&amp;date=2026-03-02" aria-label="Previous week"/);

  const agenda = await (await ann.fetch("/calendar?view=agenda&date=2026-03-10", html)).text();
  assert.match(agenda, /From March 10, 2026/);
  assert.match(agenda, /Wednesday, March 11[\s\S]*6:00\sPM – 7:00\sPM[\s\S]*Yoga[\s\S]*Studio 2/);
  assert.doesNotMatch(agenda, /Tuesday, March 10/, "a day without events is left out");
  assert.match(agenda, /href="\/calendar\?view=agenda&amp;date=2026-03-24"/);
  const empty = await (await ann.fetch("/calendar?view=agenda&date=2026-05-01", html)).text();
  assert.match(empty, /Nothing in these two weeks/);

  const de = await (await ann.fetch("/calendar?view=agenda&date=2026-03-10", {
    headers: { accept: "text/html", "accept-language": "de" },
  })).text();
  assert.match(de, /Mittwoch, 11\. März[\s\S]*18:00 – 19:00[\s\S]*Yoga/);
  assert.match(de, /aria-current="page">Liste<\/a>/);
});

Deno.test("calendar page - days are the profile's: a DST day, and a zone far from UTC", async () => {
  const { app, ann, db } = await setup();
  await using _ = app;
  // Every day at 09:00 Berlin across the spring-forward night (29 March 2026).
  await createEvent(db, ann.id, {
    ...base,
    title: "Walk",
    start: "2026-03-27T08:00:00Z",
    end: "2026-03-27T08:30:00Z",
    rrule: "FREQ=DAILY;COUNT=4",
  });
  // 01:30 CET to 03:30 CEST on the DST day: one real hour.
  await createEvent(db, ann.id, {
    ...base,
    title: "Night",
    start: "2026-03-29T00:30:00Z",
    end: "2026-03-29T01:30:00Z",
  });
  const month = await (await ann.fetch("/calendar?date=2026-03-01&day=2026-03-29", html)).text();
  for (const d of ["2026-03-27", "2026-03-28", "2026-03-29", "2026-03-30"]) {
    assert.match(day(month, d), /9:00\sAM[\s\S]*Walk/, `09:00 local on ${d}`);
  }
  assert.match(month, /id="cal-day"[\s\S]*1:30\sAM – 3:30\sAM[\s\S]*Night/);

  // The same instant in Auckland (UTC+13) is the next day: 23:30 UTC on the 10th.
  await db.updateTable("profiles").set({ time_zone: "Pacific/Auckland" }).where("id", "=", ann.id)
    .execute();
  await createEvent(db, ann.id, {
    ...base,
    title: "Late call",
    start: "2026-03-10T23:30:00Z",
    end: "2026-03-11T00:00:00Z",
  });
  const far = await (await ann.fetch("/calendar?date=2026-03-01", html)).text();
  assert.match(day(far, "2026-03-11"), /12:30\sPM[\s\S]*Late call/);
  assert.doesNotMatch(day(far, "2026-03-10"), /Late call/);
  // 12:00 UTC on the 10th is 01:00 on the 11th there: today is the 11th.
  assert.match(day(far, "2026-03-11"), /aria-current="date"/);
});

Deno.test("calendar page - bad query values fall back with a notice; another profile's event is a 404", async () => {
  const { app, ann, bob, db } = await setup();
  await using _ = app;
  for (
    const [query, notice] of [
      ["view=year", /There is no such view; here is the month/],
      ["date=2026-02-30", /That date could not be read/],
      ["date=yesterday", /That date could not be read/],
      ["date=1066-10-14", /That date could not be read/],
      ["view=week&day=%00%ff", /That date could not be read/],
      ["date=2026-03-01&date=x&view=" + "m".repeat(5000), /There is no such view/],
    ] as const
  ) {
    const res = await ann.fetch(`/calendar?${query}`, html);
    assert.equal(res.status, 200, query);
    const page = await res.text();
    assert.match(page, notice, query);
    assert.match(page, /role="status"/, query);
  }
  // The fallback is this month, today chosen.
  const fallback = await (await ann.fetch("/calendar?date=nope", html)).text();
  assert.match(fallback, /March 2026/);

  const secret = await createEvent(db, bob.id, { ...base, title: "Bob's", start: NOW_ISO });
  const res = await ann.fetch(`/calendar?event=${secret.id}`, html);
  assert.equal(res.status, 404);
  assert.doesNotMatch(await res.text(), /Bob(&#x27;|&#39;|')s/);
  const missing = await ann.fetch("/calendar?event=nope", html);
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
  const api = await ann.fetch(`/api/calendar?event=${secret.id}`);
  assert.equal(api.status, 404);
  assert.equal((await api.json()).error.code, "event_not_found");
  // Bob opens his own.
  assert.equal((await bob.fetch(`/calendar?event=${secret.id}`, html)).status, 200);
});

const NOW_ISO = new Date(NOW).toISOString();

Deno.test("calendar api - the island's data: the view's days, counts, the chosen day", async () => {
  const { app, ann, db } = await setup();
  await using _ = app;
  await createEvent(db, ann.id, {
    ...base,
    title: "Pills",
    start: "2026-03-01T07:00:00Z",
    end: "2026-03-01T07:05:00Z",
    rrule: "FREQ=DAILY",
  });
  for (let i = 0; i < 4; i++) {
    await createEvent(db, ann.id, {
      ...base,
      title: `Call ${i}`,
      start: `2026-03-12T1${i}:00:00Z`,
    });
  }
  const res = await ann.fetch("/api/calendar?view=month&date=2026-03-20&day=2026-03-12");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  const data: CalendarData = await res.json();
  assert.equal(data.view, "month");
  assert.equal(data.date, "2026-03-01");
  assert.equal(data.today, "2026-03-10");
  assert.equal(data.days.length, 42);
  assert.deepEqual([data.prev, data.next], ["2026-02-01", "2026-04-01"]);
  const twelfth = data.days.find((d) => d.date === "2026-03-12")!;
  assert.equal(twelfth.count, 5);
  assert.deepEqual(twelfth.items.map((i) => i.title), [
    "Pills",
    "Call 0",
    "Call 1",
    "Call 2",
    "Call 3",
  ]);
  assert.deepEqual(data.selected, twelfth);
  // Other days keep three and count the rest.
  assert.equal(data.days.find((d) => d.date === "2026-02-28")!.count, 0);
  assert.equal(data.days.find((d) => d.date === "2026-04-05")!.items[0].title, "Pills");
  const bad = await ann.fetch("/api/calendar?date=2026-13-01");
  assert.equal((await bad.json() as CalendarData).notice, "calendar.notice.badDate");
});
