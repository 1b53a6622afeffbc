/** The events API: CRUD, the window of occurrences, exceptions, validation naming the field. */
import assert from "node:assert/strict";
// Development only: reads the ICS export back.
import ICAL from "ical.js";
import type { CalendarEvent, EventPage, Occurrence } from "../lib/events/types.ts";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

const weekly = {
  title: "Team meeting",
  location: "Room 1",
  start: "2026-03-16T09:00:00+01:00",
  end: "2026-03-16T10:00:00+01:00",
  timeZone: "Europe/Berlin",
  reminderMinutes: [10, 60],
  rrule: "FREQ=WEEKLY;BYDAY=MO",
};

Deno.test("events API - create, read, change, list, skip an occurrence, delete", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const res = await ann.fetch("/api/events", json("POST", weekly));
  assert.equal(res.status, 201, await res.clone().text());
  const created: CalendarEvent = await res.json();
  assert.equal(created.start, "2026-03-16T08:00:00.000Z", "stored in UTC");
  assert.equal(created.end, "2026-03-16T09:00:00.000Z");
  assert.equal(created.timeZone, "Europe/Berlin");
  assert.deepEqual(created.reminderMinutes, [10, 60]);
  assert.equal(created.rrule, "FREQ=WEEKLY;BYDAY=MO");
  assert.deepEqual(created.exdates, []);
  assert.deepEqual(await (await ann.fetch(`/api/events/${created.id}`)).json(), created);

  // The window: 09:00 Berlin time on both sides of the DST change on March 29th.
  const window = async () =>
    ((await (await ann.fetch(
      "/api/events?from=2026-03-16T00:00:00Z&to=2026-04-07T00:00:00Z",
    )).json()).items as Occurrence[]).map((o) => o.start);
  assert.deepEqual(await window(), [
    "2026-03-16T08:00:00.000Z",
    "2026-03-23T08:00:00.000Z",
    "2026-03-30T07:00:00.000Z",
    "2026-04-06T07:00:00.000Z",
  ]);
  const [first] = (await (await ann.fetch(
    "/api/events?from=2026-03-16T00:00:00Z&to=2026-03-17T00:00:00Z",
  )).json()).items;
  assert.deepEqual(first, {
    eventId: created.id,
    start: "2026-03-16T08:00:00.000Z",
    end: "2026-03-16T09:00:00.000Z",
    title: "Team meeting",
    allDay: false,
    location: "Room 1",
    timeZone: "Europe/Berlin",
    recurring: true,
  });

  // Skip one occurrence; skipping it again changes nothing; a time that is no occurrence is a 422.
  const skip = (start: string) =>
    ann.fetch(`/api/events/${created.id}/exceptions`, json("POST", { start }));
  assert.equal((await skip("2026-03-23T09:00:00+01:00")).status, 200);
  const again: CalendarEvent = await (await skip("2026-03-23T08:00:00Z")).json();
  assert.deepEqual(again.exdates, ["2026-03-23T08:00:00.000Z"]);
  const wrong = await expectError(await skip("2026-03-24T08:00:00Z"), 422, "not_an_occurrence");
  assert.equal(wrong.error.field, "start");
  assert.deepEqual(await window(), [
    "2026-03-16T08:00:00.000Z",
    "2026-03-30T07:00:00.000Z",
    "2026-04-06T07:00:00.000Z",
  ]);

  // A change is checked as a whole and keeps what it does not name.
  const patched = await ann.fetch(
    `/api/events/${created.id}`,
    json("PATCH", { title: "Weekly sync", rrule: "FREQ=WEEKLY;BYDAY=MO;COUNT=2" }),
  );
  assert.equal(patched.status, 200, await patched.clone().text());
  const changed: CalendarEvent = await patched.json();
  assert.equal(changed.title, "Weekly sync");
  assert.equal(changed.location, "Room 1");
  assert.deepEqual(await window(), ["2026-03-16T08:00:00.000Z"]);

  // An all-day event: dates, end exclusive.
  const trip = await ann.fetch(
    "/api/events",
    json("POST", { title: "Trip", start: "2026-03-20", end: "2026-03-23", allDay: true }),
  );
  assert.equal(trip.status, 201, await trip.clone().text());
  const tripId = (await trip.json()).id;
  const list: EventPage = await (await ann.fetch("/api/events/list?limit=1")).json();
  assert.deepEqual(list.items.map((e) => e.id), [created.id]);
  assert.ok(list.next);
  const rest: EventPage = await (await ann.fetch(
    `/api/events/list?limit=1&after=${encodeURIComponent(list.next)}`,
  )).json();
  assert.deepEqual(rest.items.map((e) => e.id), [tripId]);
  assert.equal(rest.next, null);
  const tripDays = (await (await ann.fetch(
    "/api/events?from=2026-03-22T12:00:00Z&to=2026-03-30T00:00:00Z",
  )).json()).items as Occurrence[];
  assert.deepEqual(
    tripDays.map((o) => [o.start, o.end, o.allDay]),
    [["2026-03-20", "2026-03-23", true]],
    "an event under way at the window's start is in it",
  );

  assert.equal((await ann.fetch(`/api/events/${created.id}`, { method: "DELETE" })).status, 204);
  await expectError(await ann.fetch(`/api/events/${created.id}`), 404, "event_not_found");
});

Deno.test("events API - bad input is a 422 naming the field, in English and German", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const post = (body: unknown, locale = "en") =>
    ann.fetch("/api/events", {
      ...json("POST", body),
      headers: { "content-type": "application/json", "accept-language": locale },
    });
  const cases: [unknown, string, string][] = [
    [{ ...weekly, end: "2026-03-16T08:00:00+01:00" }, "end", "end_before_start"],
    [{ ...weekly, timeZone: "Mars/Olympus" }, "timeZone", "unknown_time_zone"],
    [{ ...weekly, start: "2026-02-30T09:00:00Z" }, "start", "invalid_time"],
    [{ ...weekly, start: "2026-03-16T09:00:00" }, "start", "invalid_time"],
    [{ ...weekly, allDay: true }, "start", "invalid_date"],
    [{ ...weekly, rrule: "FREQ=HOURLY" }, "rrule", "invalid_rrule"],
    [{ ...weekly, rrule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" }, "rrule", "rrule_never_occurs"],
    [{ ...weekly, rrule: "FREQ=WEEKLY;BYDAY=TU" }, "start", "start_not_an_occurrence"],
    [{ ...weekly, exdates: ["yesterday"] }, "exdates.0", "invalid_time"],
    [{ ...weekly, title: "" }, "title", "invalid_input"],
    [{ ...weekly, location: "x".repeat(501) }, "location", "invalid_input"],
    [{ ...weekly, reminderMinutes: [1, 2, 3, 4, 5, 6] }, "reminderMinutes", "invalid_input"],
    [{ ...weekly, reminderMinutes: [40_321] }, "reminderMinutes.0", "invalid_input"],
    [{ ...weekly, exdates: Array(501).fill("2026-03-23T08:00:00Z") }, "exdates", "invalid_input"],
  ];
  for (const [body, field, code] of cases) {
    const en = await expectError(await post(body), 422, code);
    assert.equal(en.error.field, field, JSON.stringify(en));
  }
  const en = await expectError(
    await post({ ...weekly, end: "2026-03-16T08:00:00+01:00" }),
    422,
    "end_before_start",
  );
  assert.match(en.error.message, /^end: the end must not come before the start/);
  const de = await expectError(
    await post({ ...weekly, end: "2026-03-16T08:00:00+01:00" }, "de"),
    422,
    "end_before_start",
  );
  assert.match(de.error.message, /^Ende: das Ende darf nicht vor dem Beginn liegen/);
  const zone = await expectError(
    await post({ ...weekly, timeZone: "Mars/Olympus" }, "de"),
    422,
    "unknown_time_zone",
  );
  assert.match(zone.error.message, /^Zeitzone: keine bekannte Zeitzone/);
  const long = await expectError(
    await post({ ...weekly, location: "x".repeat(501) }, "de"),
    422,
    "invalid_input",
  );
  assert.match(long.error.message, /^Der Ort /);
  // A rule that never matches costs a bounded walk, not a hang.
  const begun = performance.now();
  await expectError(
    await post({ ...weekly, rrule: "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;COUNT=5" }),
    422,
    "rrule_never_occurs",
  );
  assert.ok(performance.now() - begun < 5_000, "bounded");
  // Bodies are capped while read: notes past 10,000 characters are a 422, a huge body a 413.
  await expectError(await post({ ...weekly, notes: "n".repeat(10_001) }), 422, "invalid_input");
  await expectError(await post({ ...weekly, notes: "n".repeat(200_000) }), 413, "body_too_large");
  // A PATCH that breaks the whole is refused too, and changes nothing.
  const created: CalendarEvent = await (await post(weekly)).json();
  await expectError(
    await ann.fetch(`/api/events/${created.id}`, json("PATCH", { end: "2026-03-15T00:00:00Z" })),
    422,
    "end_before_start",
  );
  assert.deepEqual(await (await ann.fetch(`/api/events/${created.id}`)).json(), created);
});

Deno.test("events API - the window is bounded: 400 days, 5,000 occurrences", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const window = (from: string, to: string) => ann.fetch(`/api/events?from=${from}&to=${to}`);
  await expectError(
    await window("2026-01-01T00:00:00Z", "2027-03-01T00:00:00Z"),
    422,
    "window_too_large",
  );
  const empty = await expectError(
    await window("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"),
    422,
    "window_empty",
  );
  assert.equal(empty.error.field, "to");
  const bad = await expectError(await window("soon", "2026-01-01T00:00:00Z"), 422, "invalid_time");
  assert.equal(bad.error.field, "from");
  // A rule that never ends is fine: only the window is expanded.
  for (let i = 0; i < 14; i++) {
    const res = await ann.fetch(
      "/api/events",
      json("POST", { title: `Daily ${i}`, start: "2020-01-01T07:00:00Z", rrule: "FREQ=DAILY" }),
    );
    assert.equal(res.status, 201);
  }
  const month = await window("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
  assert.equal((await month.json()).items.length, 14 * 31);
  // 14 × 365 = 5,110 occurrences in a year: more than one request expands.
  await expectError(
    await window("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
    422,
    "too_many_occurrences",
  );
});

Deno.test("events API - the ICS export holds the profile's events and nobody else's", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  assert.equal((await ann.fetch("/api/events", json("POST", weekly))).status, 201);
  assert.equal(
    (await bob.fetch("/api/events", json("POST", { ...weekly, title: "Bob's own" }))).status,
    201,
  );
  // Bob's window and list hold only his.
  const bobs = await (await bob.fetch(
    "/api/events?from=2026-03-16T00:00:00Z&to=2026-03-17T00:00:00Z",
  )).json();
  assert.deepEqual(bobs.items.map((o: Occurrence) => o.title), ["Bob's own"]);
  const bobList: EventPage = await (await bob.fetch("/api/events/list")).json();
  assert.deepEqual(bobList.items.map((e) => e.title), ["Bob's own"]);
  const res = await ann.fetch("/api/events/export");
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/calendar; charset=utf-8");
  const calendar = new ICAL.Component(ICAL.parse(await res.text()));
  const vevents = calendar.getAllSubcomponents("vevent");
  assert.deepEqual(vevents.map((v) => new ICAL.Event(v).summary), ["Team meeting"]);
  assert.equal(vevents[0].getFirstProperty("dtstart")!.getParameter("tzid"), "Europe/Berlin");
  assert.equal(calendar.getAllSubcomponents("vtimezone").length, 1);
});
