import assert from "node:assert/strict";
// A development-only import: the parser that proves the file is RFC 5545 (Thunderbird's).
import ICAL from "ical.js";
import { occurrences } from "./expand.ts";
import { fromFloating } from "../dates/zones.ts";
import { escapeText, fold, toIcs } from "./ics.ts";
import type { CalendarEvent } from "./types.ts";

const NOW = Date.parse("2026-12-03T12:00:00Z");

function event(over: Partial<CalendarEvent>): CalendarEvent {
  return {
    id: "0192e000-0000-7000-8000-000000000001",
    title: "Meeting",
    notes: "",
    location: "",
    start: "2026-03-16T08:00:00.000Z",
    end: "2026-03-16T09:00:00.000Z",
    allDay: false,
    timeZone: "UTC",
    reminderMinutes: [],
    rrule: null,
    exdates: [],
    createdAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-02T10:00:00.000Z",
    ...over,
  };
}

const EVENTS: CalendarEvent[] = [
  event({
    id: "a",
    title: "Weekly, in Berlin; with commas, \\ and a long title that folds: Grüße aus Köln 🎉🎉🎉",
    notes: "Line one\nLine two, with; punctuation",
    location: "Room 1, 2nd floor",
    start: "2026-03-16T08:00:00.000Z",
    end: "2026-03-16T09:00:00.000Z",
    timeZone: "Europe/Berlin",
    reminderMinutes: [10, 1440],
    rrule: "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260420T070000Z",
    exdates: ["2026-03-23T08:00:00.000Z", "2026-04-13T07:00:00.000Z"],
  }),
  event({
    id: "b",
    title: "Daily stand-up in New York",
    start: "2026-10-30T13:30:00.000Z", // 09:30 EDT, across the change on November 1st
    end: "2026-10-30T13:45:00.000Z",
    timeZone: "America/New_York",
    rrule: "FREQ=DAILY;COUNT=5",
  }),
  event({
    id: "c",
    title: "Trip",
    start: "2026-03-20",
    end: "2026-03-23",
    allDay: true,
    timeZone: "Europe/Berlin",
  }),
  event({
    id: "d",
    title: "Leap day",
    start: "2024-02-29",
    end: "2024-03-01",
    allDay: true,
    rrule: "FREQ=YEARLY;COUNT=3",
  }),
  event({
    id: "e",
    title: "Dentist",
    start: "2026-05-05T13:00:00.000Z",
    end: "2026-05-05T14:00:00.000Z",
  }),
];

Deno.test("ics - lines are CRLF, folded at 75 octets, text escaped", () => {
  const text = toIcs(EVENTS, { name: "Ann, at home", now: NOW });
  assert.ok(text.endsWith("\r\n"));
  assert.ok(!/[^\r]\n/.test(text), "every line ends in CRLF");
  for (const line of text.split("\r\n")) {
    assert.ok(new TextEncoder().encode(line).length <= 75, `too long: ${line}`);
  }
  assert.equal(escapeText("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
  // Folding never splits a character: 🎉 is 4 octets.
  const folded = fold("SUMMARY:" + "🎉".repeat(40));
  assert.ok(folded.split("\r\n ").every((part) => !part.includes("\uFFFD")));
  assert.equal(folded.replace(/\r\n /g, ""), "SUMMARY:" + "🎉".repeat(40));
  assert.match(text, /DTSTART;TZID=Europe\/Berlin:20260316T090000\r\n/);
  assert.match(text, /DTSTART;VALUE=DATE:20260320\r\n/);
  assert.match(text, /DTSTART:20260505T130000Z\r\n/);
  assert.match(text, /EXDATE;TZID=Europe\/Berlin:20260323T090000,20260413T090000\r\n/);
});

Deno.test("ics - a parser reads back every event, and expands the series to Hearth's occurrences", () => {
  const text = toIcs(EVENTS, { name: "Ann, at home", now: NOW });
  const calendar = new ICAL.Component(ICAL.parse(text));
  // An X- property is TEXT to calendars; the parser keeps its unknown value as written.
  assert.equal(calendar.getFirstPropertyValue("x-wr-calname"), "Ann\\, at home");
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const vevents = calendar.getAllSubcomponents("vevent");
  assert.equal(vevents.length, EVENTS.length);
  for (const [i, original] of EVENTS.entries()) {
    const parsed = new ICAL.Event(vevents[i]);
    assert.equal(parsed.uid, `${original.id}@hearth`);
    assert.equal(parsed.summary, original.title);
    assert.equal(parsed.description ?? "", original.notes);
    assert.equal(parsed.location ?? "", original.location);
    assert.equal(parsed.startDate.isDate, original.allDay);
    const alarms = vevents[i].getAllSubcomponents("valarm").map((a) =>
      (a.getFirstPropertyValue("trigger") as unknown as { toSeconds(): number }).toSeconds()
    );
    assert.deepEqual(alarms, original.reminderMinutes.map((m) => -m * 60));

    // Every occurrence the parser finds, as Hearth says it (instant, or date if all-day).
    const seen: string[] = [];
    const it = parsed.iterator();
    const end = Date.parse("2027-02-01T00:00:00Z");
    for (let next = it.next(); next && next.toJSDate().getTime() < end; next = it.next()) {
      seen.push(
        original.allDay ? next.toString() : next.toJSDate().toISOString(),
      );
      if (!original.rrule) break;
    }
    const ours = occurrences(
      [original],
      Date.parse("2024-01-01T00:00:00Z"),
      Date.parse("2024-12-31T00:00:00Z"),
    ).concat(
      occurrences(
        [original],
        Date.parse("2025-01-01T00:00:00Z"),
        Date.parse("2026-01-30T00:00:00Z"),
      ),
      occurrences(
        [original],
        Date.parse("2026-01-30T00:00:00Z"),
        Date.parse("2027-02-01T00:00:00Z"),
      ),
    ).map((o) => o.start);
    assert.deepEqual(seen, ours, original.title);
    assert.ok(seen.length > 0);
  }
});

Deno.test("ics - a zone's VTIMEZONE gives the parser the right offsets in the past and future", () => {
  for (const zone of ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo"]) {
    // Every July 2nd and January 2nd at 09:00 local, 2001 through 2040.
    const local = (y: number, m: number) => fromFloating(Date.UTC(y, m, 2, 9), zone);
    const old = event({
      id: "f",
      start: new Date(local(2001, 0)).toISOString(),
      end: new Date(local(2001, 0) + 3_600_000).toISOString(),
      timeZone: zone,
      rrule: "FREQ=MONTHLY;INTERVAL=6",
    });
    const calendar = new ICAL.Component(ICAL.parse(toIcs([old], { name: "x", now: NOW })));
    ICAL.TimezoneService.reset();
    for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
      ICAL.TimezoneService.register(vtimezone);
    }
    const it = new ICAL.Event(calendar.getFirstSubcomponent("vevent")!).iterator();
    const starts: string[] = [];
    for (let next = it.next(); next && starts.length < 80; next = it.next()) {
      starts.push(next.toJSDate().toISOString());
    }
    const want = Array.from(
      { length: 80 },
      (_, i) => new Date(local(2001 + Math.floor(i / 2), (i % 2) * 6)).toISOString(),
    );
    assert.deepEqual(starts, want, zone);
  }
});
