import type { Migration } from "../migrate.ts";
import { newId } from "../ids.ts";
import { STARTERS, starterWords } from "../../gems/starters.ts";

/**
 * Gems (SPEC §8): the household's prompt templates, which the admin edits and everyone runs.
 *
 * - `gems` has no owner: a gem is the household's. `fields`, `parameters`, `tools` and
 *   `documents` are JSON; `output_schema` is a JSON Schema or null. `starter` names a starter
 *   gem (`lib/gems/starters.ts`) while the admin has not changed it: its words are then shown in
 *   each viewer's language; saving it clears the key. The four starters are seeded here, once,
 *   with their English words (a deleted one stays deleted).
 * - `gem_runs` is a profile's: what was asked (`values`, the rendered `prompt`), what came back
 *   (`output`), how it ended (`status`, `error` JSON) and the task that ran it.
 */
export default {
  version: 19,
  name: "gems",
  up(db) {
    db.exec(`
      CREATE TABLE gems (
        id TEXT PRIMARY KEY NOT NULL,
        starter TEXT UNIQUE,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        icon TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        instructions TEXT NOT NULL,
        fields TEXT NOT NULL DEFAULT '[]',
        model TEXT NOT NULL DEFAULT '',
        parameters TEXT NOT NULL DEFAULT '{}',
        output_schema TEXT,
        tools TEXT NOT NULL DEFAULT '[]',
        documents TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE gem_runs (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        gem_id TEXT NOT NULL REFERENCES gems (id) ON DELETE CASCADE,
        "values" TEXT NOT NULL,
        prompt TEXT NOT NULL,
        output TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        error TEXT,
        model TEXT NOT NULL,
        task_id TEXT,
        created_at TEXT NOT NULL,
        ended_at TEXT
      ) STRICT;
      CREATE INDEX gem_runs_profile ON gem_runs (profile_id, created_at);
      CREATE INDEX gem_runs_gem ON gem_runs (gem_id);
    `);
    const insert = db.prepare(
      `INSERT INTO gems (id, starter, name, icon, description, instructions, fields, created_at,
         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const now = new Date().toISOString();
    for (const starter of STARTERS) {
      const words = starterWords(starter.key, "en")!;
      insert.run(
        newId(),
        starter.key,
        words.name,
        starter.icon,
        words.description,
        words.instructions,
        JSON.stringify(words.fields),
        now,
        now,
      );
    }
  },
} satisfies Migration;
