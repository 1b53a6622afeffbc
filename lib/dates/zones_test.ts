import assert from "node:assert/strict";
import {
  canonicalTimeZone,
  fromZoned,
  isTimeZone,
  offsetAt,
  startOfZonedDay,
  timeZoneSchema,
  zonedParts,
} from "./zones.ts";

const B = "Europe/Berlin";
const NY = "America/New_York";
const iso = (d: Date) => d.toISOString();

Deno.test("zones - known zones are Intl's list plus UTC; others are refused", () => {
  assert.ok(isTimeZone("Europe/Berlin"));
  assert.ok(isTimeZone("UTC"));
  assert.ok(!isTimeZone("Mars/Olympus"));
  assert.ok(!isTimeZone(""));
  assert.ok(!isTimeZone("+01:00"));
  assert.ok(!isTimeZone("Europe/Berlin\n"));
  assert.ok(!isTimeZone("x".repeat(65)));
  assert.equal(timeZoneSchema.safeParse("Atlantis").success, false);
});

Deno.test("zones - names browsers report that the list spells otherwise are kept in its spelling", () => {
  // Newer IANA names (what current browsers' resolvedOptions() say), aliases and another case.
  for (
    const [given, kept] of [
      ["Asia/Kolkata", "Asia/Calcutta"],
      ["Europe/Kyiv", "Europe/Kiev"],
      ["Etc/UTC", "UTC"],
      ["europe/berlin", "Europe/Berlin"],
      ["Europe/Berlin", "Europe/Berlin"],
    ]
  ) {
    assert.equal(canonicalTimeZone(given), kept, given);
    assert.equal(timeZoneSchema.parse(given), kept, given);
  }
});

Deno.test("zones - zonedParts reads the wall time and offset either side of DST", () => {
  const winter = zonedParts(new Date("2026-03-29T00:59:59Z"), B);
  assert.deepEqual(
    [winter.day, winter.hour, winter.minute, winter.second, winter.offset],
    [29, 1, 59, 59, 60],
  );
  const summer = zonedParts(new Date("2026-03-29T01:00:00Z"), B);
  assert.deepEqual([summer.hour, summer.offset, summer.weekday], [3, 120, 0]);
  assert.equal(offsetAt(new Date("2026-07-01T12:00:00Z"), NY), -240);
  assert.equal(offsetAt(new Date("2026-01-01T12:00:00Z"), NY), -300);
  assert.equal(zonedParts(new Date("2026-01-01T00:00:00.250Z"), "UTC").millisecond, 250);
});

Deno.test("zones - fromZoned: ordinary wall times in winter and summer", () => {
  assert.equal(
    iso(fromZoned({ year: 2026, month: 1, day: 15, hour: 9, minute: 0 }, B)),
    "2026-01-15T08:00:00.000Z",
  );
  assert.equal(
    iso(fromZoned({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, B)),
    "2026-07-15T07:00:00.000Z",
  );
  assert.equal(
    iso(fromZoned({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, NY)),
    "2026-07-15T13:00:00.000Z",
  );
  assert.equal(
    iso(fromZoned({ year: 2026, month: 7, day: 15, hour: 9, minute: 0 }, "UTC")),
    "2026-07-15T09:00:00.000Z",
  );
});

Deno.test("zones - fromZoned: a time the spring-forward gap skips moves forward", () => {
  // Berlin, 29 March 2026: 02:00 CET → 03:00 CEST. 02:30 does not exist: 03:30 CEST.
  assert.equal(
    iso(fromZoned({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, B)),
    "2026-03-29T01:30:00.000Z",
  );
  assert.equal(zonedParts(new Date("2026-03-29T01:30:00Z"), B).hour, 3);
  // New York, 8 March 2026: 02:00 EST → 03:00 EDT.
  assert.equal(
    iso(fromZoned({ year: 2026, month: 3, day: 8, hour: 2, minute: 15 }, NY)),
    "2026-03-08T07:15:00.000Z",
  );
  // Either side of the gap stays itself.
  assert.equal(
    iso(fromZoned({ year: 2026, month: 3, day: 29, hour: 1, minute: 59 }, B)),
    "2026-03-29T00:59:00.000Z",
  );
  assert.equal(
    iso(fromZoned({ year: 2026, month: 3, day: 29, hour: 3, minute: 0 }, B)),
    "2026-03-29T01:00:00.000Z",
  );
});

Deno.test("zones - fromZoned: a time the fall-back repeats is the earlier", () => {
  // Berlin, 25 October 2026: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
  assert.equal(
    iso(fromZoned({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, B)),
    "2026-10-25T00:30:00.000Z",
  );
  // New York, 1 November 2026: 01:30 EDT (05:30Z) before 01:30 EST (06:30Z).
  assert.equal(
    iso(fromZoned({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, NY)),
    "2026-11-01T05:30:00.000Z",
  );
  assert.equal(
    iso(fromZoned({ year: 2026, month: 10, day: 25, hour: 3, minute: 0 }, B)),
    "2026-10-25T02:00:00.000Z",
  );
});

Deno.test("zones - fromZoned round-trips zonedParts every 30 minutes across both changes", () => {
  for (const zone of [B, NY, "Australia/Lord_Howe", "Asia/Kolkata"]) {
    for (const start of ["2026-03-07T00:00:00Z", "2026-10-24T00:00:00Z", "2026-03-28T00:00:00Z"]) {
      for (let i = 0; i < 5 * 48; i++) {
        const at = new Date(Date.parse(start) + i * 30 * 60_000);
        const p = zonedParts(at, zone);
        const back = fromZoned(p, zone);
        // The same wall time; the same instant unless the wall time is the later of a repeat.
        assert.deepEqual(zonedParts(back, zone).hour, p.hour, `${zone} ${iso(at)}`);
        assert.ok(back.getTime() <= at.getTime(), `${zone} ${iso(at)} → ${iso(back)}`);
      }
    }
  }
});

Deno.test("zones - years before 100 and rolled-over fields", () => {
  assert.equal(
    iso(fromZoned({ year: 50, month: 1, day: 1, hour: 0, minute: 0 }, "UTC")),
    "0050-01-01T00:00:00.000Z",
  );
  assert.equal(
    iso(fromZoned({ year: 2026, month: 1, day: 32, hour: 0, minute: 0 }, "UTC")),
    "2026-02-01T00:00:00.000Z",
  );
  assert.throws(
    () => fromZoned({ year: NaN, month: 1, day: 1, hour: 0, minute: 0 }, B),
    RangeError,
  );
  assert.throws(() => zonedParts(new Date(NaN), B), RangeError);
});

Deno.test("zones - startOfZonedDay is local midnight, also on a 23-hour day", () => {
  assert.equal(
    iso(startOfZonedDay(new Date("2026-03-29T20:00:00Z"), B)),
    "2026-03-28T23:00:00.000Z",
  );
  assert.equal(
    iso(startOfZonedDay(new Date("2026-03-30T20:00:00Z"), B)),
    "2026-03-29T22:00:00.000Z",
  );
});
