import assert from "node:assert/strict";
import { resolvePaths } from "../config/paths.ts";
import { createAdmin } from "../auth/mod.ts";
import { openDatabase } from "../db/mod.ts";
import { listBackups } from "./create.ts";
import { dueBackup, lastOccurrence, saveSchedule } from "./schedule.ts";

Deno.test("backup schedule - the last occurrence is in the box's zone", () => {
  const now = Date.parse("2026-03-11T12:00:00Z"); // a Wednesday
  const daily = { frequency: "daily", time: "03:00", weekday: 0, keep: 3 } as const;
  assert.equal(lastOccurrence(daily, now, "UTC"), Date.parse("2026-03-11T03:00:00Z"));
  assert.equal(lastOccurrence(daily, now, "Europe/Berlin"), Date.parse("2026-03-11T02:00:00Z"));
  assert.equal(
    lastOccurrence({ ...daily, time: "13:00" }, now, "UTC"),
    Date.parse("2026-03-10T13:00:00Z"),
  );
  const weekly = { ...daily, frequency: "weekly", weekday: 1 } as const; // Monday
  assert.equal(lastOccurrence(weekly, now, "UTC"), Date.parse("2026-03-09T03:00:00Z"));
  assert.equal(lastOccurrence({ ...daily, frequency: "off" }, now, "UTC"), null);
});

Deno.test("backup schedule - runs once per occurrence and keeps N", async () => {
  const dir = await Deno.makeTempDir({ prefix: "hearth-schedule-" });
  const paths = resolvePaths({ HEARTH_HOME: dir });
  const db = await openDatabase(paths.dbFile);
  try {
    // The box's zone is the admin's.
    await createAdmin(db, { name: "Admin", password: "correct horse battery" });
    db.raw.exec("UPDATE profiles SET time_zone = 'Europe/Lisbon'");
    const day = 24 * 3600_000;
    const start = Date.parse("2026-03-11T12:00:00Z");
    await saveSchedule(db, { frequency: "daily", time: "03:00", weekday: 0, keep: 2 }, start);
    // Saved after today's 03:00: nothing until tomorrow's.
    assert.equal(await dueBackup(db, paths, start + 60_000), null);
    for (let i = 1; i <= 4; i++) {
      const at = start + i * day - 8 * 3600_000; // 04:00 on the next days
      assert.ok(await dueBackup(db, paths, at), `day ${i}`);
      assert.equal(await dueBackup(db, paths, at + 60_000), null, "once a day");
    }
    const kept = await listBackups(dir);
    assert.equal(kept.length, 2);
    assert.equal(kept[0].createdAt, "2026-03-15T04:00:00.000Z");
  } finally {
    await db.close();
    await Deno.remove(dir, { recursive: true });
  }
});
