import assert from "node:assert/strict";
import { HttpError, ValidationError } from "../http/errors.ts";
import {
  type Expandable,
  firstOccurrences,
  floatingRule,
  normalizeRrule,
  occurrences,
  seriesBounds,
} from "./expand.ts";
import { fromFloating, toFloating } from "../dates/zones.ts";
import { parseInstant } from "./time.ts";

const ms = (iso: string) => Date.parse(iso);

function event(over: Partial<Expandable>): Expandable {
  return {
    id: "e1",
    title: "Meeting",
    location: "",
    start: "2026-03-02T08:00:00.000Z",
    end: "2026-03-02T09:00:00.000Z",
    allDay: false,
    timeZone: "UTC",
    rrule: null,
    exdates: [],
    ...over,
  };
}

const starts = (e: Expandable, from: string, to: string) =>
  occurrences([e], ms(from), ms(to)).map((o) => o.start);

/** The recurrence table: each rule, its window and the starts it must give. */
const TABLE: {
  name: string;
  event: Partial<Expandable>;
  from: string;
  to: string;
  want: string[];
}[] = [
  {
    name: "weekly 09:00 Europe/Berlin keeps 09:00 local across the spring change",
    event: {
      start: "2026-03-16T08:00:00.000Z", // Monday 09:00 CET
      end: "2026-03-16T09:00:00.000Z",
      timeZone: "Europe/Berlin",
      rrule: "FREQ=WEEKLY",
    },
    from: "2026-03-15T00:00:00Z",
    to: "2026-04-07T00:00:00Z",
    want: [
      "2026-03-16T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z", // 09:00 CEST after March 29th
      "2026-04-06T07:00:00.000Z",
    ],
  },
  {
    name: "weekly 09:00 Europe/Berlin across the autumn change",
    event: {
      start: "2026-10-19T07:00:00.000Z", // Monday 09:00 CEST
      end: "2026-10-19T08:00:00.000Z",
      timeZone: "Europe/Berlin",
      rrule: "FREQ=WEEKLY;BYDAY=MO",
    },
    from: "2026-10-18T00:00:00Z",
    to: "2026-10-27T00:00:00Z",
    want: ["2026-10-19T07:00:00.000Z", "2026-10-26T08:00:00.000Z"],
  },
  {
    name: "daily 18:30 America/New_York across its spring change (March 8th)",
    event: {
      start: "2026-03-06T23:30:00.000Z", // 18:30 EST
      end: "2026-03-07T00:00:00.000Z",
      timeZone: "America/New_York",
      rrule: "FREQ=DAILY;COUNT=4",
    },
    from: "2026-03-01T00:00:00Z",
    to: "2026-03-31T00:00:00Z",
    want: [
      "2026-03-06T23:30:00.000Z",
      "2026-03-07T23:30:00.000Z",
      "2026-03-08T22:30:00.000Z", // 18:30 EDT
      "2026-03-09T22:30:00.000Z",
    ],
  },
  {
    name: "America/New_York autumn change, Tuesdays and Thursdays, every other week",
    event: {
      start: "2026-10-27T13:00:00.000Z", // Tuesday 09:00 EDT
      end: "2026-10-27T14:00:00.000Z",
      timeZone: "America/New_York",
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
    },
    from: "2026-10-26T00:00:00Z",
    to: "2026-11-14T00:00:00Z",
    want: [
      "2026-10-27T13:00:00.000Z",
      "2026-10-29T13:00:00.000Z",
      "2026-11-10T14:00:00.000Z", // 09:00 EST after November 1st
      "2026-11-12T14:00:00.000Z",
    ],
  },
  {
    name: "monthly on the 31st skips the shorter months",
    event: {
      start: "2026-01-31T10:00:00.000Z",
      end: "2026-01-31T11:00:00.000Z",
      rrule: "FREQ=MONTHLY",
    },
    from: "2026-01-01T00:00:00Z",
    to: "2026-08-01T00:00:00Z",
    want: [
      "2026-01-31T10:00:00.000Z",
      "2026-03-31T10:00:00.000Z",
      "2026-05-31T10:00:00.000Z",
      "2026-07-31T10:00:00.000Z",
    ],
  },
  {
    name: "the last day of each month (BYMONTHDAY=-1)",
    event: {
      start: "2026-01-31T10:00:00.000Z",
      end: "2026-01-31T10:00:00.000Z",
      rrule: "FREQ=MONTHLY;BYMONTHDAY=-1",
    },
    from: "2026-01-01T00:00:00Z",
    to: "2026-04-01T00:00:00Z",
    want: ["2026-01-31T10:00:00.000Z", "2026-02-28T10:00:00.000Z", "2026-03-31T10:00:00.000Z"],
  },
  {
    name: "a yearly leap day comes back only in leap years (all-day)",
    event: { start: "2024-02-29", end: "2024-03-01", allDay: true, rrule: "FREQ=YEARLY" },
    from: "2024-01-01T00:00:00Z",
    to: "2025-02-01T00:00:00Z",
    want: ["2024-02-29"],
  },
  {
    name: "the leap day again in 2028",
    event: { start: "2024-02-29", end: "2024-03-01", allDay: true, rrule: "FREQ=YEARLY" },
    from: "2027-12-01T00:00:00Z",
    to: "2028-12-01T00:00:00Z",
    want: ["2028-02-29"],
  },
  {
    name: "UNTIL is inclusive",
    event: { rrule: "FREQ=DAILY;UNTIL=20260304T080000Z" },
    from: "2026-03-01T00:00:00Z",
    to: "2026-03-10T00:00:00Z",
    want: ["2026-03-02T08:00:00.000Z", "2026-03-03T08:00:00.000Z", "2026-03-04T08:00:00.000Z"],
  },
  {
    name: "COUNT=2 with a window after the series",
    event: { rrule: "FREQ=DAILY;COUNT=2" },
    from: "2026-03-05T00:00:00Z",
    to: "2026-03-10T00:00:00Z",
    want: [],
  },
  {
    name: "EXDATE removes one occurrence",
    event: {
      rrule: "FREQ=DAILY;COUNT=3",
      exdates: ["2026-03-03T08:00:00.000Z"],
    },
    from: "2026-03-01T00:00:00Z",
    to: "2026-03-10T00:00:00Z",
    want: ["2026-03-02T08:00:00.000Z", "2026-03-04T08:00:00.000Z"],
  },
  {
    name: "all-day EXDATE by date, in a zone far from UTC",
    event: {
      start: "2026-03-02",
      end: "2026-03-03",
      allDay: true,
      timeZone: "Pacific/Auckland",
      rrule: "FREQ=DAILY;COUNT=3",
      exdates: ["2026-03-03"],
    },
    from: "2026-02-28T00:00:00Z",
    to: "2026-03-10T00:00:00Z",
    want: ["2026-03-02", "2026-03-04"],
  },
  {
    name: "an event running at the window's start is in it; one starting at its end is not",
    event: {
      start: "2026-03-01T22:00:00.000Z",
      end: "2026-03-02T02:00:00.000Z",
      rrule: "FREQ=DAILY",
    },
    from: "2026-03-02T00:00:00Z",
    to: "2026-03-02T22:00:00Z",
    want: ["2026-03-01T22:00:00.000Z"],
  },
  {
    name: "a rule that never ends, far from its start, expands only the window",
    event: {
      start: "1990-01-01T12:00:00.000Z",
      end: "1990-01-01T13:00:00.000Z",
      rrule: "FREQ=DAILY",
    },
    from: "2026-03-01T00:00:00Z",
    to: "2026-03-04T00:00:00Z",
    want: ["2026-03-01T12:00:00.000Z", "2026-03-02T12:00:00.000Z", "2026-03-03T12:00:00.000Z"],
  },
];

for (const row of TABLE) {
  Deno.test(`expand - ${row.name}`, () => {
    assert.deepEqual(starts(event(row.event), row.from, row.to), row.want);
  });
}

Deno.test("expand - each occurrence keeps its length, title and event", () => {
  const [o] = occurrences(
    [event({ title: "Dentist", location: "Main St", rrule: "FREQ=WEEKLY" })],
    ms("2026-03-09T00:00:00Z"),
    ms("2026-03-10T00:00:00Z"),
  );
  assert.deepEqual(o, {
    eventId: "e1",
    start: "2026-03-09T08:00:00.000Z",
    end: "2026-03-09T09:00:00.000Z",
    title: "Dentist",
    allDay: false,
    location: "Main St",
    timeZone: "UTC",
    recurring: true,
  });
});

Deno.test("expand - a window over 400 days, or empty, is refused", () => {
  const e = [event({ rrule: "FREQ=DAILY" })];
  assert.throws(
    () => occurrences(e, ms("2026-01-01T00:00:00Z"), ms("2027-02-06T00:00:00Z")),
    (err: HttpError) => err.status === 422 && err.code === "window_too_large",
  );
  occurrences(e, ms("2026-01-01T00:00:00Z"), ms("2027-02-05T00:00:00Z"));
  assert.throws(
    () => occurrences(e, ms("2026-01-02T00:00:00Z"), ms("2026-01-01T00:00:00Z")),
    (err: ValidationError) => err.field === "to" && err.code === "window_empty",
  );
});

Deno.test("expand - more occurrences than the cap is a 422, not a long list", () => {
  const many = Array.from({ length: 20 }, (_, i) => event({ id: `e${i}`, rrule: "FREQ=DAILY" }));
  const from = ms("2026-01-01T00:00:00Z");
  const to = ms("2027-01-01T00:00:00Z");
  assert.throws(
    () => occurrences(many, from, to),
    (err: HttpError) => err.status === 422 && err.code === "too_many_occurrences",
  );
  assert.equal(occurrences(many.slice(0, 13), from, to).length, 13 * 305);
  assert.throws(() => occurrences(many.slice(0, 1), from, to, 100), /more than 100/);
});

Deno.test("expand - firstOccurrences keeps the earliest few of a crowded window and counts all", () => {
  // 20 daily series over a year: 6,100 occurrences, more than `occurrences` answers.
  const many = Array.from({ length: 20 }, (_, i) =>
    event({
      id: `e${String(i).padStart(2, "0")}`,
      start: `2026-03-02T${String(i).padStart(2, "0")}:00:00.000Z`,
      end: `2026-03-02T${String(i).padStart(2, "0")}:30:00.000Z`,
      rrule: "FREQ=DAILY",
    }));
  const from = ms("2026-01-01T00:00:00Z");
  const to = ms("2027-01-01T00:00:00Z");
  const first = firstOccurrences(many.toReversed(), from, to, 30);
  assert.equal(first.total, 20 * 305);
  assert.deepEqual(
    first.items.map((o) => o.start),
    [
      ...Array.from(
        { length: 20 },
        (_, h) => `2026-03-02T${String(h).padStart(2, "0")}:00:00.000Z`,
      ),
      ...Array.from(
        { length: 10 },
        (_, h) => `2026-03-03T${String(h).padStart(2, "0")}:00:00.000Z`,
      ),
    ],
  );
  assert.deepEqual(firstOccurrences(many, from, to, 0), { items: [], total: 20 * 305 });
});

Deno.test("expand - RRULEs are checked and stored in one form", () => {
  assert.equal(
    normalizeRrule("rrule:freq=weekly;byday=mo,we", false, "UTC"),
    "FREQ=WEEKLY;BYDAY=MO,WE",
  );
  // UNTIL without Z is wall-clock time in the event's zone; a bare date is the end of that day.
  assert.equal(
    normalizeRrule("FREQ=DAILY;UNTIL=20260701T090000", false, "Europe/Berlin"),
    "FREQ=DAILY;UNTIL=20260701T070000Z",
  );
  assert.equal(
    normalizeRrule("FREQ=DAILY;UNTIL=20260105", false, "Europe/Berlin"),
    "FREQ=DAILY;UNTIL=20260105T225959Z",
  );
  assert.equal(
    normalizeRrule("FREQ=DAILY;UNTIL=20260105T000000Z", true, "UTC"),
    "FREQ=DAILY;UNTIL=20260105",
  );
  for (
    const bad of [
      "FREQ=HOURLY",
      "FREQ=SECONDLY",
      "BYDAY=MO",
      "FREQ=DAILY;COUNT=3;UNTIL=20260101",
      "FREQ=DAILY;INTERVAL=0",
      "FREQ=DAILY;BYHOUR=1,2,3",
      "FREQ=DAILY;BYMONTHDAY=30",
      "FREQ=WEEKLY;BYDAY=1MO",
      "FREQ=DAILY;BYSETPOS=1",
      "FREQ=DAILY;COUNT=1001",
      "FREQ=DAILY;UNTIL=tomorrow",
      "FREQ=DAILY\nDTSTART:20260101",
      "NONSENSE",
      "",
    ]
  ) {
    assert.throws(
      () => normalizeRrule(bad, false, "UTC"),
      (err: ValidationError) => err.field === "rrule" && err.code === "invalid_rrule",
      bad,
    );
  }
});

Deno.test("time - gaps move forward, doubled hours take the first, impossible dates are NaN", () => {
  // 02:30 on March 29th 2026 does not happen in Berlin: it is 03:30 CEST (01:30Z).
  assert.equal(
    fromFloating(ms("2026-03-29T02:30:00Z"), "Europe/Berlin"),
    ms("2026-03-29T01:30:00Z"),
  );
  // 02:30 on October 25th happens twice: the first (CEST, 00:30Z).
  assert.equal(
    fromFloating(ms("2026-10-25T02:30:00Z"), "Europe/Berlin"),
    ms("2026-10-25T00:30:00Z"),
  );
  assert.equal(toFloating(ms("2026-07-01T07:00:00Z"), "Europe/Berlin"), ms("2026-07-01T09:00:00Z"));
  assert.ok(Number.isNaN(parseInstant("2026-02-30T10:00:00Z")));
  assert.ok(Number.isNaN(parseInstant("2026-03-01T24:00:00Z")));
  assert.ok(Number.isNaN(parseInstant("2026-03-01T10:00:00")), "an instant needs its offset");
  assert.equal(parseInstant("2026-03-01T10:00:00+01:00"), ms("2026-03-01T09:00:00Z"));
});

Deno.test("expand - a rule from long ago starts its walk near the window and gives what walking from its start gives", () => {
  const rules = [
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=WEEKLY;INTERVAL=2",
    "FREQ=WEEKLY;BYDAY=MO,FR;WKST=SU;INTERVAL=3",
    "FREQ=MONTHLY",
    "FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR",
    "FREQ=MONTHLY;BYMONTHDAY=31,1",
    "FREQ=YEARLY;INTERVAL=2",
    "FREQ=YEARLY;BYMONTH=2,8",
    "FREQ=YEARLY;BYDAY=2SU;BYMONTH=5",
  ];
  for (const rrule of rules) {
    const e = event({
      start: "1996-01-31T21:15:00.000Z",
      end: "1996-01-31T22:00:00.000Z",
      timeZone: "America/New_York",
      rrule,
    });
    const from = ms("2026-01-01T00:00:00Z");
    const to = ms("2027-02-01T00:00:00Z");
    const got = occurrences([e], from, to).map((o) => o.start);
    // The walk starts a few periods before the window, not in 1996.
    const skipped = floatingRule(e, from)!.options.dtstart.getUTCFullYear();
    assert.ok(skipped >= 2019, `${rrule} starts its walk in ${skipped}`);
    // The same rule expanded from its true start, without skipping ahead.
    const all = occurrences([e], ms("1996-01-01T00:00:00Z"), ms("1997-02-01T00:00:00Z"), 5000);
    assert.ok(all.length > 0, rrule);
    const slow = floatingRule(e)!.between(
      new Date(from - 3 * 86_400_000),
      new Date(to + 3 * 86_400_000),
      true,
    )
      .map((d) => new Date(fromFloating(d.getTime(), "America/New_York")).toISOString())
      .filter((s) => ms(s) >= from && ms(s) < to);
    assert.deepEqual(got, slow, rrule);
    assert.ok(got.length > 0, rrule);
  }
});

Deno.test("expand - a COUNT series with its last occurrence known walks from near the window", () => {
  const e = event({
    start: "2000-01-03T08:00:00.000Z",
    end: "2000-01-03T09:00:00.000Z",
    rrule: "FREQ=WEEKLY;COUNT=1000",
  });
  const bounds = seriesBounds(e, 2199)!;
  assert.equal(new Date(bounds.last!).toISOString(), "2019-02-25T08:00:00.000Z");
  const known = { ...e, seriesUntil: new Date(bounds.last!).toISOString() };
  const near = ms("2018-06-01T00:00:00Z");
  assert.ok(floatingRule(known, near)!.options.dtstart.getUTCFullYear() >= 2018);
  assert.equal(floatingRule(e, near)!.options.dtstart.getUTCFullYear(), 2000, "COUNT alone walks");
  const window = [ms("2019-02-01T00:00:00Z"), ms("2019-04-01T00:00:00Z")] as const;
  assert.deepEqual(occurrences([known], ...window), occurrences([e], ...window));
  assert.equal(occurrences([known], ...window).length, 4);
});

Deno.test("expand - a series of long events: every occurrence still running is in the window", () => {
  const e = event({
    start: "2026-01-01T00:00:00.000Z",
    end: "2026-02-10T00:00:00.000Z",
    rrule: "FREQ=MONTHLY;COUNT=3",
  });
  assert.deepEqual(starts(e, "2026-02-05T00:00:00Z", "2026-02-06T00:00:00Z"), [
    "2026-01-01T00:00:00.000Z",
    "2026-02-01T00:00:00.000Z",
  ]);
  // Asked twice (the second from the cache), the same answer.
  assert.deepEqual(starts(e, "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z"), [
    "2026-02-01T00:00:00.000Z",
    "2026-03-01T00:00:00.000Z",
  ]);
  const short = event({ rrule: "FREQ=DAILY" });
  const once = starts(short, "2026-04-01T00:00:00Z", "2026-04-03T00:00:00Z");
  assert.deepEqual(starts(short, "2026-04-01T00:00:00Z", "2026-04-03T00:00:00Z"), once);
  assert.deepEqual(once, ["2026-04-01T08:00:00.000Z", "2026-04-02T08:00:00.000Z"]);
});
