import type { Migration } from "../migrate.ts";

/**
 * The scheduler and the in-app notification list (SPEC §7, `lib/scheduler/`).
 *
 * - `scheduler_fired`: what fell due and was delivered, one row per (kind, source, occurrence,
 *   reminder offset), its `id` that key. Delivering inserts it first, in the transaction that
 *   adds the notification, and a row that exists means "done": so nothing fires twice, across
 *   restarts too. Rows older than the scheduler's look-back are pruned.
 * - `notifications`: a profile's in-app list (event reminders, todo nudges, briefings), newest
 *   first, unread until read. The text and the link are made when it is shown, in the reader's
 *   language.
 * - `briefings`: the daily briefings the model wrote, by the local day they are for.
 * - `briefing_settings`: at most one row per profile: the local time of its daily briefing and the
 *   language it is written in (no row: no briefing).
 *
 * The scheduler's cursor (how far it has looked) lives in `app_meta` (`scheduler.cursor`).
 */
export default {
  version: 14,
  name: "scheduler",
  up(db) {
    db.exec(`
      CREATE TABLE scheduler_fired (
        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) <= 300),
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        due_at TEXT NOT NULL,
        fired_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX scheduler_fired_due ON scheduler_fired (due_at);
      CREATE TABLE notifications (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('event', 'todo', 'briefing')),
        ref_id TEXT NOT NULL,
        subject TEXT NOT NULL CHECK (length(subject) <= 1000),
        at TEXT NOT NULL,
        all_day INTEGER NOT NULL CHECK (all_day IN (0, 1)),
        time_zone TEXT NOT NULL CHECK (length(time_zone) <= 64),
        due_at TEXT NOT NULL,
        late INTEGER NOT NULL CHECK (late IN (0, 1)),
        created_at TEXT NOT NULL,
        read_at TEXT
      ) STRICT;
      CREATE INDEX notifications_profile_created ON notifications (profile_id, created_at, id);
      CREATE INDEX notifications_unread ON notifications (profile_id) WHERE read_at IS NULL;
      CREATE TABLE briefings (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        text TEXT NOT NULL CHECK (length(text) <= 20000),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX briefings_profile_date ON briefings (profile_id, date, created_at);
      CREATE TABLE briefing_settings (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL UNIQUE REFERENCES profiles (id) ON DELETE CASCADE,
        time TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]' AND time < '24:00'),
        locale TEXT NOT NULL CHECK (length(locale) <= 10),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
} satisfies Migration;
