import assert from "node:assert/strict";
import { fromZoned } from "../../lib/dates/zones.ts";
import type { CalendarEvent } from "../../lib/events/types.ts";
import { addDays, instantOf, wallOf } from "./dates.ts";
import { bodyOf, draftOf, fieldOf, newDraft, ruleOf } from "./draft.ts";

Deno.test("calendar dates - a wall time in a zone is the server's instant, DST gap and doubled hour too", () => {
  const cases: [string, string, string][] = [
    ["2026-03-29", "02:30", "Europe/Berlin"], // skipped: moves forward to 03:30 CEST
    ["2026-10-25", "02:30", "Europe/Berlin"], // doubled: the earlier (CEST)
    ["2026-01-15", "10:00", "Pacific/Auckland"],
    ["2026-03-08", "02:15", "America/New_York"],
    ["2026-06-01", "23:45", "UTC"],
  ];
  for (const [day, time, zone] of cases) {
    const [y, m, d] = day.split("-").map(Number);
    const [hh, mm] = time.split(":").map(Number);
    const server = fromZoned({ year: y, month: m, day: d, hour: hh, minute: mm }, zone);
    assert.equal(instantOf(day, time, zone), server.toISOString(), `${day} ${time} ${zone}`);
  }
  assert.deepEqual(wallOf(Date.parse("2026-01-14T21:00:00Z"), "Pacific/Auckland"), {
    day: "2026-01-15",
    time: "10:00",
  });
  assert.equal(addDays("2028-02-28", 1), "2028-02-29");
});

Deno.test("calendar draft - the form's body: times in the event's zone, all-day end exclusive, the rule", () => {
  const d = newDraft("2030-01-15", "Pacific/Auckland");
  d.title = "Dentist";
  d.startTime = "10:00";
  d.endTime = "11:00";
  d.reminder = "15";
  assert.deepEqual(bodyOf(d, null), {
    title: "Dentist",
    location: "",
    notes: "",
    allDay: false,
    rrule: null,
    reminderMinutes: [15],
    start: "2030-01-14T21:00:00.000Z",
    end: "2030-01-14T22:00:00.000Z",
  });
  const allDay = { ...d, allDay: true, endDay: "2030-01-17" };
  assert.deepEqual([bodyOf(allDay, null).start, bodyOf(allDay, null).end], [
    "2030-01-15",
    "2030-01-18",
  ]);
  assert.equal(ruleOf({ ...d, repeat: "weekly" }, null), "FREQ=WEEKLY");
  assert.equal(
    ruleOf({ ...d, repeat: "monthly", interval: "2", ends: "count", count: "6" }, null),
    "FREQ=MONTHLY;INTERVAL=2;COUNT=6",
  );
  assert.equal(
    ruleOf({ ...d, repeat: "daily", ends: "until", until: "2030-02-01" }, null),
    "FREQ=DAILY;UNTIL=20300201",
  );
  assert.equal(
    ruleOf({ ...d, repeat: "custom" }, "FREQ=WEEKLY;BYDAY=MO,WE"),
    "FREQ=WEEKLY;BYDAY=MO,WE",
  );
  assert.equal(ruleOf({ ...d, repeat: "none" }, "FREQ=DAILY"), null);
});

Deno.test("calendar draft - a stored event reads back into the form; API fields name form fields", () => {
  const event: CalendarEvent = {
    id: "e1",
    title: "Yoga",
    notes: "mat",
    location: "Studio",
    start: "2026-03-27T17:00:00.000Z",
    end: "2026-03-27T18:00:00.000Z",
    allDay: false,
    timeZone: "Europe/Berlin",
    reminderMinutes: [60, 10],
    rrule: "FREQ=WEEKLY;INTERVAL=2;UNTIL=20260630T215959Z",
    exdates: [],
    createdAt: "",
    updatedAt: "",
  };
  const d = draftOf(event);
  assert.deepEqual(
    [d.startDay, d.startTime, d.endDay, d.endTime, d.repeat, d.interval, d.ends, d.until],
    ["2026-03-27", "18:00", "2026-03-27", "19:00", "weekly", "2", "until", "2026-06-30"],
  );
  assert.equal(d.reminder, "60");
  assert.equal(bodyOf(d, event.rrule).start, event.start, "unchanged, the same instant");
  const custom = draftOf({ ...event, rrule: "FREQ=WEEKLY;BYDAY=FR,SA" });
  assert.equal(custom.repeat, "custom");
  assert.equal(ruleOf(custom, "FREQ=WEEKLY;BYDAY=FR,SA"), "FREQ=WEEKLY;BYDAY=FR,SA");
  const allDay = draftOf({
    ...event,
    allDay: true,
    start: "2026-03-27",
    end: "2026-03-30",
    rrule: null,
  });
  assert.deepEqual([allDay.startDay, allDay.endDay, allDay.repeat], [
    "2026-03-27",
    "2026-03-29",
    "none",
  ]);
  assert.deepEqual(
    ["title", "end", "reminderMinutes.0", "rrule", "exdates.3", "whatever", undefined].map(fieldOf),
    ["title", "end", "reminder", "rrule", "start", "", ""],
  );
});
