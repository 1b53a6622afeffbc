import assert from "node:assert/strict";
import { instantOf, isTimeZone, parseDateTime } from "./time.ts";

Deno.test("time - dates and times are read strictly; ones that do not exist are refused", () => {
  assert.deepEqual(parseDateTime("2028-02-29"), {
    kind: "date",
    wall: { year: 2028, month: 2, day: 29, hour: 0, minute: 0, second: 0 },
  });
  assert.deepEqual(parseDateTime("2026-03-05T09:30")?.kind, "local");
  assert.deepEqual(parseDateTime("2026-03-05T09:30:15.5+01:00"), {
    kind: "instant",
    ms: Date.parse("2026-03-05T08:30:15.500Z"),
  });
  assert.deepEqual(parseDateTime("2026-03-05 09:30Z"), {
    kind: "instant",
    ms: Date.parse("2026-03-05T09:30:00Z"),
  });
  for (
    const bad of [
      "2026-02-29",
      "2026-02-30",
      "2026-04-31",
      "2026-13-01",
      "2026-00-10",
      "2026-03-01T24:00",
      "2026-03-01T12:60",
      "2026-03-01T12:00:60",
      "2026-03-01T12:00+15:00",
      "1969-12-31",
      "1970-01-01T00:30+01:00",
      "26-03-01",
      "2026-3-1",
      "tomorrow",
      "2026-03-01T12:00:00.1234Z",
      "+002026-03-01",
    ]
  ) {
    assert.equal(parseDateTime(bad), undefined, bad);
  }
});

Deno.test("time - wall times become instants in their zone, DST gaps forward and overlaps earlier", () => {
  const wall = (month: number, day: number, hour: number, minute = 0) => ({
    year: 2026,
    month,
    day,
    hour,
    minute,
    second: 0,
  });
  const iso = (ms: number) => new Date(ms).toISOString();
  assert.equal(iso(instantOf(wall(1, 15, 9), "Europe/Berlin")), "2026-01-15T08:00:00.000Z");
  assert.equal(iso(instantOf(wall(7, 15, 9), "Europe/Berlin")), "2026-07-15T07:00:00.000Z");
  // 2:30 on 2026-03-29 does not exist in Berlin: it is 3:30 summer time.
  assert.equal(iso(instantOf(wall(3, 29, 2, 30), "Europe/Berlin")), "2026-03-29T01:30:00.000Z");
  // 1:30 on 2026-11-01 happens twice in New York: the first (EDT).
  assert.equal(iso(instantOf(wall(11, 1, 1, 30), "America/New_York")), "2026-11-01T05:30:00.000Z");
  assert.equal(iso(instantOf(wall(3, 8, 2, 30), "America/New_York")), "2026-03-08T07:30:00.000Z");
  assert.equal(iso(instantOf(wall(6, 1, 12), "Asia/Kolkata")), "2026-06-01T06:30:00.000Z");
  assert.ok(isTimeZone("Europe/Berlin"));
  assert.ok(isTimeZone("UTC"));
  assert.ok(!isTimeZone("Mars/Olympus_Mons"));
  assert.ok(!isTimeZone("europe/berlin"));
});
