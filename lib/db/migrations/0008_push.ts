import type { Migration } from "../migrate.ts";

/**
 * Web Push. A subscription is one browser's push channel for one profile (the device that made
 * it, so signing the device out or deleting the profile removes it): the push service's
 * endpoint, the browser's P-256 key and auth secret, the language its notifications are written
 * in, and when a push last got through. One endpoint belongs to one profile at a time: a device
 * that switches profile moves it. Preferences are one row per profile and kind of notification
 * (`reply`; later reminders, gem runs, documents), stored only once changed from the default.
 */
export default {
  version: 8,
  name: "push",
  up(db) {
    db.exec(`
      CREATE TABLE push_subscriptions (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        device_id TEXT REFERENCES devices (id) ON DELETE CASCADE,
        endpoint TEXT NOT NULL UNIQUE CHECK (length(endpoint) <= 1024),
        p256dh TEXT NOT NULL CHECK (length(p256dh) = 87),
        auth TEXT NOT NULL CHECK (length(auth) = 22),
        locale TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_success_at TEXT
      ) STRICT;
      CREATE INDEX push_subscriptions_profile ON push_subscriptions (profile_id);
      CREATE TABLE push_preferences (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (length(kind) <= 40),
        enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
        UNIQUE (profile_id, kind)
      ) STRICT;
    `);
  },
} satisfies Migration;
