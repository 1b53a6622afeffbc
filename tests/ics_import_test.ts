/**
 * ICS import (`POST /api/events/import`): realistic files from Google, Apple and Outlook, the
 * preview, re-import, bad files, and a round trip through the export.
 */
import assert from "node:assert/strict";
import type { CalendarEvent, EventPage, Occurrence } from "../lib/events/types.ts";
import type { ImportReport } from "../lib/ics/types.ts";
import { json } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

const crlf = (lines: string[]) => lines.join("\r\n") + "\r\n";

const BERLIN_TZ = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Berlin",
  "X-LIC-LOCATION:Europe/Berlin",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

/** As Google Calendar exports a calendar: VTIMEZONE, RRULE, EXDATE, a moved and a cancelled one. */
const GOOGLE = crlf([
  "BEGIN:VCALENDAR",
  "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
  "VERSION:2.0",
  "CALSCALE:GREGORIAN",
  "METHOD:PUBLISH",
  "X-WR-CALNAME:Family",
  "X-WR-TIMEZONE:Europe/Berlin",
  ...BERLIN_TZ,
  "BEGIN:VEVENT",
  "DTSTART;TZID=Europe/Berlin:20260302T090000",
  "DTEND;TZID=Europe/Berlin:20260302T093000",
  "RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20260427T065959Z;BYDAY=MO",
  "EXDATE;TZID=Europe/Berlin:20260316T090000",
  "DTSTAMP:20261201T100000Z",
  "UID:standup-1@google.com",
  "CREATED:20260201T100000Z",
  "DESCRIPTION:Daily sync\\, short.\\nBring notes.",
  "LAST-MODIFIED:20260201T100000Z",
  "LOCATION:Office\\, Room 2",
  "SEQUENCE:0",
  "STATUS:CONFIRMED",
  "SUMMARY:Stand-up",
  "TRANSP:OPAQUE",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "DTSTART;TZID=Europe/Berlin:20260324T100000",
  "DTEND;TZID=Europe/Berlin:20260324T103000",
  "DTSTAMP:20261201T100000Z",
  "UID:standup-1@google.com",
  "RECURRENCE-ID;TZID=Europe/Berlin:20260323T090000",
  "SUMMARY:Stand-up (moved)",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "DTSTART;TZID=Europe/Berlin:20260330T090000",
  "DTSTAMP:20261201T100000Z",
  "UID:standup-1@google.com",
  "RECURRENCE-ID;TZID=Europe/Berlin:20260330T090000",
  "STATUS:CANCELLED",
  "SUMMARY:Stand-up",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "DTSTART;VALUE=DATE:20260714",
  "DTEND;VALUE=DATE:20260715",
  "RRULE:FREQ=YEARLY",
  "DTSTAMP:20261201T100000Z",
  "UID:bday@google.com",
  "SUMMARY:Mum's birthday",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "DTSTART:20260410T150000Z",
  "DTEND:20260410T160000Z",
  "DTSTAMP:20261201T100000Z",
  "UID:call@google.com",
  "SUMMARY:Call with the bank",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "DTSTART:20260410T150000Z",
  "RRULE:FREQ=HOURLY;COUNT=3",
  "DTSTAMP:20261201T100000Z",
  "UID:pill@google.com",
  "SUMMARY:Pill",
  "END:VEVENT",
  "END:VCALENDAR",
]);

/** As Apple Calendar exports: LF line ends, folded lines, DURATION, VALARMs (and its "none"). */
const APPLE = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//Apple Inc.//macOS 14.0//EN",
  "CALSCALE:GREGORIAN",
  "BEGIN:VTIMEZONE",
  "TZID:America/New_York",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:-0500",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
  "DTSTART:20070311T020000",
  "TZNAME:EDT",
  "TZOFFSETTO:-0400",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:-0400",
  "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
  "DTSTART:20071104T020000",
  "TZNAME:EST",
  "TZOFFSETTO:-0500",
  "END:STANDARD",
  "END:VTIMEZONE",
  "BEGIN:VEVENT",
  "CREATED:20261001T120000Z",
  "UID:5C2B4E7A-APPLE-0001",
  "DTSTART;TZID=America/New_York:20261030T093000",
  "DURATION:PT45M",
  "RRULE:FREQ=DAILY;COUNT=5",
  "SUMMARY:Morning run along the river with the neighbours\\, whatever the weath",
  " er says",
  "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
  "BEGIN:VALARM",
  "X-WR-ALARMUID:A1",
  "UID:A1",
  "TRIGGER:-PT15M",
  "ACTION:DISPLAY",
  "DESCRIPTION:Reminder",
  "END:VALARM",
  "BEGIN:VALARM",
  "X-WR-ALARMUID:A2",
  "UID:A2",
  "TRIGGER;VALUE=DATE-TIME:19760401T005545Z",
  "ACTION:NONE",
  "END:VALARM",
  "END:VEVENT",
  "BEGIN:VEVENT",
  "UID:5C2B4E7A-APPLE-0002",
  "DTSTART;VALUE=DATE:20261224",
  "DTEND;VALUE=DATE:20261227",
  "SUMMARY:Christmas\\; at Grandma's",
  "BEGIN:VALARM",
  "TRIGGER:-PT15H",
  "ACTION:AUDIO",
  "END:VALARM",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\n");

async function importIcs(who: Member, body: string, query = ""): Promise<Response> {
  return await who.fetch(`/api/events/import${query}`, {
    method: "POST",
    headers: { "content-type": "text/calendar" },
    body,
  });
}

async function report(res: Response): Promise<ImportReport> {
  assert.equal(res.status, 200, await res.clone().text());
  return await res.json();
}

async function stored(who: Member): Promise<CalendarEvent[]> {
  const page: EventPage = await (await who.fetch("/api/events/list?limit=200")).json();
  return page.items;
}

async function window(who: Member, from: string, to: string): Promise<Occurrence[]> {
  const res = await who.fetch(`/api/events?from=${from}&to=${to}`);
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()).items;
}

Deno.test("ics import - a Google Calendar file: preview, import, re-import updates", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");

  // The preview keeps nothing.
  const preview = await report(await importIcs(ann, GOOGLE, "?dryRun=1"));
  assert.equal(preview.dryRun, true);
  assert.equal(preview.found, 6);
  assert.equal(preview.created, 4);
  assert.equal(preview.updated, 0);
  assert.deepEqual(preview.sample.map((e) => e.title), [
    "Stand-up",
    "Mum's birthday",
    "Call with the bank",
    "Stand-up (moved)",
  ]);
  assert.equal(preview.skippedCount, 1);
  assert.equal(preview.skipped[0].uid, "pill@google.com");
  assert.equal(preview.skipped[0].code, "invalid_rrule");
  assert.match(preview.skipped[0].reason, /DAILY, WEEKLY, MONTHLY or YEARLY/);
  assert.deepEqual(await stored(ann), [], "a preview stores nothing");

  const done = await report(await importIcs(ann, GOOGLE));
  assert.equal(done.dryRun, false);
  assert.equal(done.created, 4);
  const events = await stored(ann);
  assert.equal(events.length, 4);
  const standup = events.find((e) => e.title === "Stand-up")!;
  assert.equal(standup.start, "2026-03-02T08:00:00.000Z");
  assert.equal(standup.end, "2026-03-02T08:30:00.000Z");
  assert.equal(standup.timeZone, "Europe/Berlin");
  assert.equal(standup.notes, "Daily sync, short.\nBring notes.");
  assert.equal(standup.location, "Office, Room 2");
  // The EXDATE, the moved one and the cancelled one (after the DST change: 07:00 UTC).
  assert.deepEqual(standup.exdates, [
    "2026-03-16T08:00:00.000Z",
    "2026-03-23T08:00:00.000Z",
    "2026-03-30T07:00:00.000Z",
  ]);
  const birthday = events.find((e) => e.title === "Mum's birthday")!;
  assert.equal(birthday.allDay, true);
  assert.equal(birthday.start, "2026-07-14");
  assert.equal(birthday.end, "2026-07-15");
  assert.equal(birthday.rrule, "FREQ=YEARLY");

  const march = await window(ann, "2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z");
  assert.deepEqual(march.map((o) => `${o.start} ${o.title}`), [
    "2026-03-02T08:00:00.000Z Stand-up",
    "2026-03-09T08:00:00.000Z Stand-up",
    "2026-03-24T09:00:00.000Z Stand-up (moved)",
    "2026-04-06T07:00:00.000Z Stand-up",
    "2026-04-10T15:00:00.000Z Call with the bank",
    "2026-04-13T07:00:00.000Z Stand-up",
    "2026-04-20T07:00:00.000Z Stand-up",
  ]);

  // The same file again: the same events, updated, none doubled.
  const again = await report(await importIcs(ann, GOOGLE));
  assert.equal(again.created, 0);
  assert.equal(again.updated, 4);
  assert.ok(again.sample.every((e) => e.action === "updated"));
  const after = await stored(ann);
  assert.deepEqual(after.map((e) => e.id).sort(), events.map((e) => e.id).sort());
  // A changed file changes the event it names by UID.
  const renamed = await report(
    await importIcs(ann, GOOGLE.replace("SUMMARY:Call with the bank", "SUMMARY:Call the bank")),
  );
  assert.equal(renamed.updated, 4);
  assert.ok((await stored(ann)).some((e) => e.title === "Call the bank"));
  assert.equal((await stored(ann)).length, 4);
});

Deno.test("ics import - an Apple Calendar file: LF, folded lines, DURATION, VALARM", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const done = await report(await importIcs(ann, APPLE));
  assert.equal(done.created, 2);
  assert.equal(done.skippedCount, 0);
  const events = await stored(ann);
  const run = events.find((e) => e.title.startsWith("Morning run"))!;
  assert.equal(
    run.title,
    "Morning run along the river with the neighbours, whatever the weather says",
  );
  assert.equal(run.timeZone, "America/New_York");
  assert.equal(run.start, "2026-10-30T13:30:00.000Z");
  assert.equal(run.end, "2026-10-30T14:15:00.000Z");
  assert.deepEqual(run.reminderMinutes, [15], "Apple's 1976 'no alarm' is left out");
  assert.deepEqual(done.sample.find((e) => e.uid.endsWith("0001"))!.notes, ["alarm"]);
  // 09:30 in New York on each day, across the change on November 1st.
  const days = await window(ann, "2026-10-29T00:00:00Z", "2026-11-06T00:00:00Z");
  assert.deepEqual(days.filter((o) => o.eventId === run.id).map((o) => o.start), [
    "2026-10-30T13:30:00.000Z",
    "2026-10-31T13:30:00.000Z",
    "2026-11-01T14:30:00.000Z",
    "2026-11-02T14:30:00.000Z",
    "2026-11-03T14:30:00.000Z",
  ]);
  const christmas = events.find((e) => e.allDay)!;
  assert.equal(christmas.title, "Christmas; at Grandma's");
  assert.equal(christmas.start, "2026-12-24");
  assert.equal(christmas.end, "2026-12-27");
  assert.deepEqual(christmas.reminderMinutes, [900]);
});

Deno.test("ics import - Outlook zones, a zone known only by its VTIMEZONE, floating times", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const custom = BERLIN_TZ.map((l) =>
    l.startsWith("TZID:") ? "TZID:(UTC+01:00) Amsterdam\\, Berlin\\, Bern\\, Rome" : l
  );
  const file = crlf([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:Microsoft Exchange Server 2010",
    "X-WR-TIMEZONE:Asia/Tokyo",
    ...BERLIN_TZ.map((l) => l.replace("TZID:Europe/Berlin", "TZID:W. Europe Standard Time")),
    ...custom,
    "BEGIN:VEVENT",
    "UID:outlook-1",
    "SUMMARY:Windows zone",
    "DTSTART;TZID=W. Europe Standard Time:20260701T090000",
    "DTEND;TZID=W. Europe Standard Time:20260701T100000",
    "RRULE:FREQ=MONTHLY;BYMONTHDAY=1;COUNT=3",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:outlook-2",
    "SUMMARY:Zone only described",
    'DTSTART;TZID="(UTC+01:00) Amsterdam, Berlin, Bern, Rome":20260115T090000',
    "RRULE:FREQ=WEEKLY;COUNT=2",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:mozilla-1",
    "SUMMARY:Vendor prefix",
    "DTSTART;TZID=/mozilla.org/20050126_1/Europe/London:20260601T120000",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:floating-1",
    "SUMMARY:Floating",
    "DTSTART:20260601T120000",
    "END:VEVENT",
    "END:VCALENDAR",
  ]);
  const done = await report(await importIcs(ann, file));
  assert.equal(done.created, 4, JSON.stringify(done.skipped));
  const events = await stored(ann);
  const byTitle = (t: string) => events.find((e) => e.title === t)!;
  assert.equal(byTitle("Windows zone").timeZone, "Europe/Berlin");
  assert.equal(byTitle("Windows zone").start, "2026-07-01T07:00:00.000Z");
  const described = byTitle("Zone only described");
  assert.equal(described.start, "2026-01-15T08:00:00.000Z");
  // A zone with Berlin's rules, so the series keeps 09:00 across DST as Berlin does.
  const berlinLike = new Intl.DateTimeFormat("en", {
    timeZone: described.timeZone,
    hour: "numeric",
    hourCycle: "h23",
  });
  assert.equal(berlinLike.format(new Date("2026-07-15T07:00:00Z")), "09");
  assert.equal(byTitle("Vendor prefix").start, "2026-06-01T11:00:00.000Z");
  // A floating time is the calendar's zone (X-WR-TIMEZONE).
  assert.equal(byTitle("Floating").start, "2026-06-01T03:00:00.000Z");
  assert.equal(byTitle("Floating").timeZone, "Asia/Tokyo");
});

Deno.test("ics import - bad files: a clear 4xx or a reported skip, never a hang", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  await expectError(
    await importIcs(ann, "Subject: hello\r\n\r\nnot a calendar"),
    422,
    "not_icalendar",
  );
  await expectError(
    await importIcs(ann, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis line has no colon\r\n"),
    422,
    "invalid_icalendar",
  );
  await expectError(
    await importIcs(ann, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n"),
    422,
    "invalid_icalendar",
  );
  // 100,000 tiny events: refused by counting, before parsing.
  const many = crlf([
    "BEGIN:VCALENDAR",
    ...Array.from({ length: 100_000 }, () => `BEGIN:VEVENT\r\nEND:VEVENT`),
    "END:VCALENDAR",
  ]);
  const tooMany = await expectError(await importIcs(ann, many), 422, "too_many_events");
  assert.match(tooMany.error.message, /100000 events; at most 5000/);
  // Over 5 MB: refused while read.
  await expectError(
    await importIcs(ann, "BEGIN:VCALENDAR\r\n" + "X-PAD:" + "x".repeat(5_000_001)),
    413,
    "body_too_large",
  );
  // Per event: a reason each, the rest imported.
  const file = crlf([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "BEGIN:VEVENT\r\nUID:feb30\r\nSUMMARY:Impossible\r\nDTSTART:20260230T090000Z\r\nEND:VEVENT",
    "BEGIN:VEVENT\r\nUID:zone\r\nSUMMARY:Nowhere\r\nDTSTART;TZID=Mars/Olympus:20260301T090000\r\nEND:VEVENT",
    "BEGIN:VEVENT\r\nUID:byhour\r\nSUMMARY:Hourly\r\nDTSTART:20260301T090000Z\r\nRRULE:FREQ=DAILY;BYHOUR=9,10\r\nEND:VEVENT",
    "BEGIN:VEVENT\r\nUID:backwards\r\nSUMMARY:Backwards\r\nDTSTART:20260301T090000Z\r\nDTEND:20260301T080000Z\r\nEND:VEVENT",
    "BEGIN:VEVENT\r\nUID:nostart\r\nSUMMARY:No start\r\nEND:VEVENT",
    "BEGIN:VEVENT\r\nUID:old\r\nSUMMARY:Too old\r\nDTSTART;VALUE=DATE:17760704\r\nEND:VEVENT",
    "BEGIN:VEVENT\r\nUID:forever\r\nSUMMARY:Forever\r\nDTSTART:20260301T090000Z\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT",
    "BEGIN:VEVENT\r\nUID:forever\r\nSUMMARY:Forever again\r\nDTSTART:20260302T090000Z\r\nEND:VEVENT",
    "BEGIN:VEVENT\r\nUID:untitled\r\nDTSTART:20260303T090000Z\r\nEND:VEVENT",
    "END:VCALENDAR",
  ]);
  const done = await report(await importIcs(ann, file));
  assert.equal(done.created, 2, JSON.stringify(done));
  assert.deepEqual(
    Object.fromEntries(done.skipped.map((s) => [s.uid, s.code])),
    {
      feb30: "impossible_date",
      zone: "unknown_time_zone_id",
      byhour: "invalid_rrule",
      backwards: "end_before_start",
      nostart: "no_start",
      old: "year_out_of_range",
      forever: "duplicate_uid",
    },
  );
  assert.ok(done.skipped.every((s) => s.reason.length > 10));
  // A file cannot make the importer search every zone for each event.
  const zones = crlf([
    "BEGIN:VCALENDAR",
    ...Array.from({ length: 30 }, (_, i) => [
      ...BERLIN_TZ.map((l) => l.replace("TZID:Europe/Berlin", `TZID:Custom ${i}`)),
      `BEGIN:VEVENT\r\nUID:z${i}\r\nSUMMARY:Z\r\nDTSTART;TZID=Custom ${i}:20260301T090000\r\nEND:VEVENT`,
    ]).flat(),
    `BEGIN:VEVENT\r\nUID:many-exdates\r\nSUMMARY:X\r\nDTSTART:20260301T090000Z\r\nRRULE:FREQ=DAILY\r\nEXDATE:${
      Array.from({ length: 501 }, (_, i) => `2027${String(i % 12 + 1).padStart(2, "0")}01T090000Z`)
        .join(",")
    }\r\nEND:VEVENT`,
    "END:VCALENDAR",
  ]);
  const bounded = await report(await importIcs(ann, zones, "?dryRun=1"));
  assert.equal(bounded.created, 20);
  assert.deepEqual(
    [...new Set(bounded.skipped.map((s) => s.code))].sort(),
    ["too_many_exceptions", "unknown_time_zone_id"],
  );
  assert.equal(bounded.skippedCount, 11);
  // A rule without end is fine: expansion is windowed.
  const year = await window(ann, "2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z");
  assert.equal(year.filter((o) => o.title === "Forever").length, 365);
  assert.ok((await stored(ann)).some((e) => e.title === "Untitled event"));

  // In German, the reasons are German.
  const de = await ann.fetch("/api/events/import?dryRun=1", {
    method: "POST",
    headers: { "content-type": "text/calendar", "accept-language": "de" },
    body: file,
  });
  const deReport = await report(de);
  assert.match(deReport.skipped.find((s) => s.uid === "nostart")!.reason, /keinen Beginn/);
});

Deno.test("ics import - as a multipart form, and only for the asking profile", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const form = new FormData();
  form.append("file", new File([APPLE], "calendar.ics", { type: "text/calendar" }));
  const res = await ann.fetch("/api/events/import", { method: "POST", body: form });
  assert.equal((await report(res)).created, 2);
  const empty = new FormData();
  empty.append("other", "x");
  await expectError(
    await ann.fetch("/api/events/import", { method: "POST", body: empty }),
    422,
    "file_required",
  );
  assert.deepEqual(await stored(bob), []);
  // Bob importing the same UIDs makes his own events; Ann's stay hers.
  assert.equal((await report(await importIcs(bob, APPLE))).created, 2);
  assert.equal((await stored(ann)).length, 2);
});

Deno.test("ics import - round trip: Hearth's export read back gives the same events", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const inputs = [
    {
      title: "Weekly, in Berlin; with commas, \\ and a long title that folds: Grüße aus Köln 🎉",
      notes: "Line one\nLine two, with; punctuation",
      location: "Room 1, 2nd floor",
      start: "2026-03-16T09:00:00+01:00",
      end: "2026-03-16T10:00:00+01:00",
      timeZone: "Europe/Berlin",
      reminderMinutes: [10, 1440],
      rrule: "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260601T000000Z",
      exdates: ["2026-03-23T08:00:00Z", "2026-04-13T07:00:00Z"],
    },
    {
      title: "Daily stand-up in New York",
      start: "2026-10-30T13:30:00Z",
      end: "2026-10-30T13:45:00Z",
      timeZone: "America/New_York",
      rrule: "FREQ=DAILY;COUNT=5",
    },
    { title: "Trip", start: "2026-03-20", end: "2026-03-23", allDay: true },
    {
      title: "Leap day",
      start: "2028-02-29",
      allDay: true,
      rrule: "FREQ=YEARLY;COUNT=3",
    },
    {
      title: "Month end",
      start: "2026-01-31T18:00:00Z",
      timeZone: "Europe/Berlin",
      rrule: "FREQ=MONTHLY;COUNT=6",
    },
    { title: "Once, in UTC", start: "2026-05-05T05:05:00Z", end: "2026-05-05T06:00:00Z" },
  ];
  for (const input of inputs) {
    const res = await ann.fetch("/api/events", json("POST", input));
    assert.equal(res.status, 201, await res.clone().text());
  }
  const exported = await (await ann.fetch("/api/events/export")).text();
  const done = await report(await importIcs(bob, exported));
  assert.equal(done.created, inputs.length, JSON.stringify(done.skipped));

  const theirs = await stored(ann);
  const mine = await stored(bob);
  const view = (e: CalendarEvent) => ({
    title: e.title,
    notes: e.notes,
    location: e.location,
    start: e.start,
    end: e.end,
    allDay: e.allDay,
    // A one-off's zone is only how it shows; a series recurs in its own.
    timeZone: e.rrule && !e.allDay ? e.timeZone : "",
    reminderMinutes: e.reminderMinutes,
    exdates: e.exdates,
  });
  const byTitle = (list: CalendarEvent[]) =>
    list.map(view).sort((a, b) => a.title.localeCompare(b.title));
  assert.deepEqual(byTitle(mine), byTitle(theirs));
  // The same occurrences over three years (the rules may be spelled out more, not differ).
  for (const [from, to] of [["2026-01-01", "2027-01-01"], ["2027-01-01", "2028-01-01"]]) {
    const occ = async (who: Member) =>
      (await window(who, `${from}T00:00:00Z`, `${to}T00:00:00Z`))
        .map((o) => `${o.start} ${o.end} ${o.title}`).sort();
    assert.deepEqual(await occ(bob), await occ(ann));
  }
  const leap = async (who: Member) =>
    (await window(who, "2028-01-01T00:00:00Z", "2029-01-01T00:00:00Z")).map((o) => o.start);
  assert.deepEqual(await leap(bob), await leap(ann));
  // Ann importing her own export updates her events instead of doubling them.
  const own = await report(await importIcs(ann, exported));
  assert.equal(own.updated, inputs.length);
  assert.deepEqual(byTitle(await stored(ann)), byTitle(theirs));
  // Importing the export again changes nothing but the update times.
  const again = await report(await importIcs(bob, exported));
  assert.equal(again.updated, inputs.length);
  assert.deepEqual(byTitle(await stored(bob)), byTitle(mine));
});
