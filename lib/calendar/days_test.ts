import assert from "node:assert/strict";
import { createMember } from "../auth/mod.ts";
import { openDatabase } from "../db/mod.ts";
import { eventsInWindow } from "../events/store.ts";
import { createEvent, skipOccurrence, updateEvent } from "../events/store.ts";
import { calendarDays } from "./days.ts";

const ZONE = "Europe/Berlin";
const base = {
  notes: "",
  location: "",
  allDay: false,
  reminderMinutes: [],
  rrule: null,
  exdates: [],
};

Deno.test("calendar days - agree with the store's expansion, day by day, across a DST change and zones", async () => {
  const dir = await Deno.makeTempDir();
  const db = await openDatabase(`${dir}/h.db`);
  try {
    const { id } = await createMember(db, { name: "Ann", avatar: "🙂" });
    const add = (e: Partial<Parameters<typeof createEvent>[2]>) =>
      createEvent(db.kysely, id, { ...base, timeZone: ZONE, title: "x", start: "", ...e });
    await add({
      title: "daily",
      start: "2026-03-01T08:00:00Z",
      end: "2026-03-01T09:00:00Z",
      rrule: "FREQ=DAILY",
      exdates: ["2026-03-30T07:00:00Z"],
    });
    await add({
      title: "ny",
      timeZone: "America/New_York",
      start: "2026-03-02T23:30:00-05:00",
      end: "2026-03-03T00:30:00-05:00",
      rrule: "FREQ=WEEKLY;BYDAY=MO,TH",
    });
    await add({ title: "trip", allDay: true, start: "2026-03-27", end: "2026-04-02" });
    await add({
      title: "bday",
      allDay: true,
      timeZone: "Pacific/Auckland",
      start: "2025-03-29",
      end: "2025-03-30",
      rrule: "FREQ=YEARLY",
    });
    await add({ title: "night", start: "2026-03-28T22:00:00Z", end: "2026-03-29T02:00:00Z" });
    await add({ title: "moment", start: "2026-03-29T10:00:00Z" });
    await add({
      title: "monthly",
      start: "2026-01-31T09:00:00Z",
      end: "2026-01-31T10:00:00Z",
      rrule: "FREQ=MONTHLY;COUNT=6",
    });

    const { days, partial } = await calendarDays(db.kysely, id, ZONE, "2026-03-23", 14, () => 100);
    assert.equal(partial, false);
    for (const day of days) {
      const [y, m, d] = day.date.split("-").map(Number);
      const from = new Date(Date.UTC(y, m - 1, d) - 3_600_000 * (day.date >= "2026-03-29" ? 2 : 1));
      const to = new Date(from.getTime() + (day.date === "2026-03-29" ? 23 : 24) * 3_600_000);
      // The store answers by instant; an all-day event is a date, so it is matched by its dates.
      const expected = (await eventsInWindow(db.kysely, id, {
        from: new Date(from.getTime() - 2 * 86_400_000).toISOString(),
        to: new Date(to.getTime() + 2 * 86_400_000).toISOString(),
      })).filter((o) =>
        o.allDay ? o.start <= day.date && day.date < o.end : Date.parse(o.start) < to.getTime() &&
          (Date.parse(o.end) > from.getTime() ||
            (o.start === o.end && Date.parse(o.start) >= from.getTime()))
      );
      assert.deepEqual(
        day.items.map((i) => `${i.title}@${i.start}`).sort(),
        expected.map((o) => `${o.title}@${o.start}`).sort(),
        day.date,
      );
      assert.equal(day.count, expected.length, day.date);
    }
    const on = (date: string) => days.find((d) => d.date === date)!.items.map((i) => i.title);
    // Bars first (all-day, multi-day: by start), then by start.
    assert.deepEqual(on("2026-03-29"), ["trip", "night", "bday", "daily", "moment"]);
    assert.ok(!on("2026-03-30").includes("daily"), "the skipped occurrence");
    // A cap keeps the first and counts the rest.
    const capped = await calendarDays(db.kysely, id, ZONE, "2026-03-29", 1, () => 2);
    assert.deepEqual(capped.days[0].items.map((i) => i.title), ["trip", "night"]);
    assert.equal(capped.days[0].count, 5);
    assert.deepEqual(
      capped.days[0].items.map((i) => [i.fromBefore, i.goesOn]),
      [[true, true], [true, false]],
    );

    // Asked again, the same days; after a change, the changed ones (never a stale answer).
    const again = await calendarDays(db.kysely, id, ZONE, "2026-03-23", 14, () => 100);
    assert.equal(again, await calendarDays(db.kysely, id, ZONE, "2026-03-23", 14, () => 100));
    const daily = (await db.kysely.selectFrom("events").select("id").where("title", "=", "daily")
      .executeTakeFirstOrThrow()).id;
    await skipOccurrence(db.kysely, id, daily, "2026-03-24T08:00:00Z");
    const skipped = await calendarDays(db.kysely, id, ZONE, "2026-03-23", 14, () => 100);
    assert.ok(!skipped.days[1].items.some((i) => i.title === "daily"));
    assert.equal(skipped.days[1].count, again.days[1].count - 1);
    await updateEvent(db.kysely, id, daily, { title: "walk" });
    const renamed = await calendarDays(db.kysely, id, ZONE, "2026-03-23", 14, () => 100);
    assert.ok(renamed.days[0].items.some((i) => i.title === "walk"));
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
