import type { Migration } from "../migrate.ts";

/**
 * Keep it and connect it (SPEC §3, §12):
 *
 * - Conversations are trees. `messages.parent_id` is the message a message answers or follows
 *   (null for a conversation's first); an edit or a regenerate adds a sibling instead of deleting.
 *   `conversations.leaf_id` is the last message of the path shown and sent to the model (null: the
 *   newest message). Existing conversations become one path: each message's parent is the one
 *   before it by `seq`, and the leaf is the newest. `seq` stays unique per conversation and grows
 *   along every path (a child is always written after its parent).
 * - `api_keys`: a profile's keys for scripts and other apps, stored as a SHA-256 hash (the key is
 *   shown once); `scope` is `chat` (chat and `/v1` only) or `read` (also read the profile's data).
 * - `profile_limits`: what a limited profile may use (a JSON array of allowed names or ids per kind;
 *   null allows all of that kind), its quiet hours (local `HH:MM`, the end may be past midnight)
 *   and its replies per local day. No row: not limited.
 * - `limit_usage`: replies counted per profile and local day, by every route that starts one (chat,
 *   regenerate, edit, `/v1`), so a daily limit holds for all of them.
 */
export default {
  version: 21,
  name: "branches, api keys, limits",
  up(db) {
    db.exec(`
      ALTER TABLE messages ADD COLUMN parent_id TEXT;
      ALTER TABLE conversations ADD COLUMN leaf_id TEXT;
      UPDATE messages SET parent_id = (
        SELECT p.id FROM messages p
        WHERE p.conversation_id = messages.conversation_id AND p.seq < messages.seq
        ORDER BY p.seq DESC LIMIT 1
      );
      UPDATE conversations SET leaf_id = (
        SELECT m.id FROM messages m WHERE m.conversation_id = conversations.id
        ORDER BY m.seq DESC LIMIT 1
      );
      CREATE INDEX messages_children ON messages (conversation_id, parent_id, seq);

      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('chat', 'read')),
        prefix TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX api_keys_profile ON api_keys (profile_id, created_at);

      CREATE TABLE profile_limits (
        profile_id TEXT PRIMARY KEY NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        models TEXT,
        tools TEXT,
        gems TEXT,
        documents TEXT,
        quiet_start TEXT,
        quiet_end TEXT,
        daily_replies INTEGER CHECK (daily_replies IS NULL OR daily_replies >= 0),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE limit_usage (
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        replies INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (profile_id, day)
      ) STRICT;
    `);
  },
} satisfies Migration;
