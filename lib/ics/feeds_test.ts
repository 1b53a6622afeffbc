import assert from "node:assert/strict";
import { createMember } from "../auth/mod.ts";
import { openDatabase } from "../db/mod.ts";
import { createEvent } from "../events/store.ts";
import { feedEvents, feedOrigin } from "./feeds.ts";

const NOW = Date.parse("2026-06-15T12:00:00Z");

Deno.test("ics feeds - a full feed keeps what matters now: ongoing and future first, then the latest past", async () => {
  const db = await openDatabase(":memory:");
  try {
    const ann = await createMember(db, { name: "Ann", avatar: "A" });
    const add = (title: string, start: string, rrule: string | null = null, notes = "") =>
      createEvent(db.kysely, ann.id, {
        title,
        notes,
        location: "",
        start,
        allDay: false,
        timeZone: "UTC",
        reminderMinutes: [],
        rrule,
        exdates: [],
      });
    await add("Long past", "2020-01-01T09:00:00Z");
    await add("Last month", "2026-05-15T09:00:00Z");
    await add("Weekly since 2019", "2019-01-07T09:00:00Z", "FREQ=WEEKLY");
    await add("Next year", "2027-01-01T09:00:00Z");
    await add("Tomorrow", "2026-06-16T09:00:00Z");
    const titles = async (limits?: { events: number; bytes: number }) =>
      (await feedEvents(db, ann.id, NOW, limits)).map((e) => e.title);
    assert.deepEqual(await titles(), [
      "Weekly since 2019",
      "Tomorrow",
      "Next year",
      "Last month",
      "Long past",
    ]);
    assert.deepEqual(await titles({ events: 4, bytes: 1e9 }), [
      "Weekly since 2019",
      "Tomorrow",
      "Next year",
      "Last month",
    ]);
    assert.deepEqual(await titles({ events: 2, bytes: 1e9 }), ["Weekly since 2019", "Tomorrow"]);
    // The byte budget stops before an event that would pass it.
    await add("Huge notes", "2026-06-20T09:00:00Z", null, "x".repeat(9_000));
    assert.deepEqual(await titles({ events: 100, bytes: 6_000 }), [
      "Weekly since 2019",
      "Tomorrow",
    ]);
  } finally {
    await db.close();
  }
});

Deno.test("ics feeds - the address is one a phone can reach", () => {
  const lan = ["http://192.168.1.20:8420/", "http://localhost:8420/"];
  assert.equal(
    feedOrigin(new URL("http://localhost:8420/me/calendar"), lan),
    "http://192.168.1.20:8420",
  );
  assert.equal(
    feedOrigin(new URL("http://127.0.0.1:8420/me/calendar"), lan),
    "http://192.168.1.20:8420",
  );
  assert.equal(
    feedOrigin(new URL("https://hearth.local:8420/me/calendar"), lan),
    "https://hearth.local:8420",
  );
  assert.equal(feedOrigin(new URL("http://localhost:8420/"), []), "http://localhost:8420");
});
