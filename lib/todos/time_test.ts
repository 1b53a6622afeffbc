import assert from "node:assert/strict";
import { parseDateTime } from "./time.ts";

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
