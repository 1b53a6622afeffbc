import type { Migration } from "../migrate.ts";

/**
 * Calendar subscriptions and ICS import (`lib/ics/`).
 *
 * `calendar_feeds`: a profile's private subscription URLs (`/ics/{token}.ics`), one per phone or
 * app it gave one to, each revocable on its own. Only the token's SHA-256 is kept, as for device
 * cookies. `events_version` and `changed_at` follow the profile's events through triggers (every
 * insert, update and delete, whichever code path or cascade writes), so a feed answers a calendar
 * app's `If-None-Match` / `If-Modified-Since` without reading an event, and a deleted event
 * changes them too.
 *
 * `events.ics_uid`: the UID an imported event had in its file, one per profile, so importing the
 * same file again updates those events instead of doubling them.
 */
const bump = (row: "NEW" | "OLD") => `
      UPDATE calendar_feeds SET events_version = events_version + 1,
        changed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      WHERE profile_id = ${row}.profile_id;`;

export default {
  version: 15,
  name: "calendar_feeds",
  up(db) {
    db.exec(`
      CREATE TABLE calendar_feeds (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
        label TEXT NOT NULL CHECK (length(label) <= 80),
        events_version INTEGER NOT NULL DEFAULT 0,
        changed_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      ) STRICT;
      CREATE INDEX calendar_feeds_profile ON calendar_feeds (profile_id, created_at);
      CREATE TRIGGER events_feed_insert AFTER INSERT ON events BEGIN ${bump("NEW")} END;
      CREATE TRIGGER events_feed_update AFTER UPDATE ON events BEGIN ${bump("NEW")} END;
      CREATE TRIGGER events_feed_delete AFTER DELETE ON events BEGIN ${bump("OLD")} END;
      ALTER TABLE events ADD COLUMN ics_uid TEXT CHECK (length(ics_uid) <= 1000);
      CREATE UNIQUE INDEX events_profile_ics_uid ON events (profile_id, ics_uid)
        WHERE ics_uid IS NOT NULL;
    `);
  },
} satisfies Migration;
