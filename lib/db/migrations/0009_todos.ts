import type { Migration } from "../migrate.ts";

/**
 * Todos (SPEC §7). One row per todo, owned by a profile; a sub-task names its parent (one level,
 * the same profile's) and goes with it. `due` is a UTC instant (ISO 8601, `toISOString`, so text
 * order is time order); an all-day due (`due_all_day`) is the start of its day in `time_zone`, and
 * `overdue_at` is when the todo becomes overdue (the due itself, or the end of that day), kept so
 * "overdue" is one indexed comparison. A recurring todo keeps its RFC 5545 RRULE and the series'
 * first due (`recurrence_start`, the rule's DTSTART, so COUNT counts from there); completing it
 * adds the next occurrence as a new row. `completed_at` is set and cleared by the store with the
 * status.
 */
export default {
  version: 9,
  name: "todos",
  up(db) {
    db.exec(`
      CREATE TABLE todos (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES todos (id) ON DELETE CASCADE,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
        notes TEXT NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
        status TEXT NOT NULL CHECK (status IN ('open', 'done')),
        priority TEXT NOT NULL CHECK (priority IN ('none', 'low', 'medium', 'high')),
        due TEXT,
        due_all_day INTEGER NOT NULL DEFAULT 0 CHECK (due_all_day IN (0, 1)),
        overdue_at TEXT,
        time_zone TEXT NOT NULL CHECK (length(time_zone) <= 64),
        tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        recurrence TEXT CHECK (length(recurrence) <= 500),
        recurrence_start TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        completed_at TEXT,
        CHECK ((due IS NULL) = (overdue_at IS NULL)),
        CHECK ((status = 'done') = (completed_at IS NOT NULL)),
        CHECK (recurrence IS NULL OR (due IS NOT NULL AND recurrence_start IS NOT NULL))
      ) STRICT;
      CREATE INDEX todos_profile_status ON todos (profile_id, status, overdue_at);
      CREATE INDEX todos_profile_due ON todos (profile_id, due);
      CREATE INDEX todos_parent ON todos (parent_id) WHERE parent_id IS NOT NULL;
    `);
  },
} satisfies Migration;
