import type { Migration } from "../migrate.ts";

/**
 * Actions from chat (issue 14, `lib/assistant/`): a conversation may be in assistant mode
 * (`conversations.assistant`, off by default), where each message is routed to a tool. Every
 * change a tool makes is kept in `assistant_actions` with what it needs to be undone: the
 * target's before-image (`before`, JSON, null for a creation) and what was made (`after`), tied
 * to the reply that reported it. `undone_at` makes an undo happen once.
 */
export default {
  version: 16,
  name: "assistant",
  up(db) {
    db.exec(`
      ALTER TABLE conversations ADD COLUMN assistant INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE assistant_actions (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        message_id TEXT REFERENCES messages (id) ON DELETE SET NULL,
        tool TEXT NOT NULL,
        target TEXT NOT NULL,
        before TEXT,
        after TEXT,
        created_at TEXT NOT NULL,
        undone_at TEXT
      ) STRICT;
      CREATE INDEX assistant_actions_message ON assistant_actions (message_id);
    `);
  },
} satisfies Migration;
