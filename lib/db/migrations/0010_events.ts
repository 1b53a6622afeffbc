import type { Migration } from "../migrate.ts";

/**
 * Calendar events, one row per event or recurring series. `start_at`/`end_at` are UTC instants
 * (ISO 8601), or dates for an all-day event (end exclusive, as in RFC 5545); `time_zone` is the
 * IANA zone its recurrences keep their wall-clock time in; `rrule` an RRULE without prefix;
 * `reminder_minutes` and `exdates` JSON arrays; `series_until` a COUNT rule's last occurrence
 * (wall-clock time), found once on save so expansion need not walk from the start. `first_at` and `last_at` are the UTC instants the
 * series can touch (`last_at` null: no end), so a window query reads only the rows that matter.
 */
export default {
  version: 10,
  name: "events",
  up(db) {
    db.exec(`
      CREATE TABLE events (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        notes TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '' CHECK (length(location) <= 500),
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        all_day INTEGER NOT NULL CHECK (all_day IN (0, 1)),
        time_zone TEXT NOT NULL,
        reminder_minutes TEXT NOT NULL DEFAULT '[]',
        rrule TEXT,
        exdates TEXT NOT NULL DEFAULT '[]',
        series_until TEXT,
        first_at TEXT NOT NULL,
        last_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX events_profile_first ON events (profile_id, first_at, id);
    `);
  },
} satisfies Migration;
