import type { Migration } from "../migrate.ts";

/**
 * Profiles (one admin, any number of members), the devices that picked one (only a hash of
 * their cookie token is stored), and admin logins (8 h, revocable).
 */
export default {
  version: 2,
  name: "profiles",
  up(db) {
    db.exec(`
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        avatar TEXT NOT NULL,
        pin_hash TEXT,
        is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
        password_hash TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (is_admin = 0 OR password_hash IS NOT NULL)
      ) STRICT;
      -- At most one admin: a partial unique index over the admin rows.
      CREATE UNIQUE INDEX profiles_one_admin ON profiles (is_admin) WHERE is_admin = 1;
      CREATE UNIQUE INDEX profiles_name ON profiles (name COLLATE NOCASE);

      CREATE TABLE devices (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        label TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX devices_profile ON devices (profile_id);

      CREATE TABLE admin_sessions (
        id TEXT PRIMARY KEY NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
    `);
  },
} satisfies Migration;
