import type { Migration } from "../migrate.ts";

/**
 * Memos and household lists (SPEC §7). A memo is one profile's Markdown note with tags (a JSON
 * array of normalised tags) and a pin. A list belongs to the profile that made it (`profile_id`)
 * and is private to it or, with `shared`, open to the whole household (`lib/lists/access.ts`
 * decides who may do what); its items carry no owner column of their own, only who made them and
 * who ticked them (kept as plain ids: a deleted profile leaves its ticks behind as null).
 */
export default {
  version: 11,
  name: "memos_lists",
  up(db) {
    db.exec(`
      CREATE TABLE memos (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        title TEXT NOT NULL CHECK (length(title) <= 200),
        body TEXT NOT NULL CHECK (length(body) <= 100000),
        tags TEXT NOT NULL DEFAULT '[]',
        pinned INTEGER NOT NULL CHECK (pinned IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX memos_profile_updated ON memos (profile_id, updated_at);
      CREATE INDEX memos_profile_created ON memos (profile_id, created_at);
      CREATE TABLE lists (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        kind TEXT NOT NULL CHECK (kind IN ('shopping', 'chores', 'packing', 'other')),
        shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX lists_profile ON lists (profile_id);
      CREATE INDEX lists_shared ON lists (shared) WHERE shared = 1;
      CREATE TABLE list_items (
        id TEXT PRIMARY KEY NOT NULL,
        list_id TEXT NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
        done INTEGER NOT NULL CHECK (done IN (0, 1)),
        done_by TEXT REFERENCES profiles (id) ON DELETE SET NULL,
        position INTEGER NOT NULL,
        created_by TEXT REFERENCES profiles (id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX list_items_list ON list_items (list_id, position);
    `);
  },
} satisfies Migration;
