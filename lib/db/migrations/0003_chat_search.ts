import type { Migration } from "../migrate.ts";

/**
 * Conversations and messages (owned by a profile), and the one full-text index that messages
 * use now and memos, todos, events and documents will join: `search_docs` maps (kind, ref_id)
 * to the FTS rowid, so every kind keeps the index current with three small triggers.
 */
export default {
  version: 3,
  name: "chat and search",
  up(db) {
    db.exec(`
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        title TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        system_prompt TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX conversations_by_profile ON conversations (profile_id, updated_at DESC, id);

      CREATE TABLE messages (
        id TEXT PRIMARY KEY NOT NULL,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        profile_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
        content TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'complete' CHECK (
          status IN ('complete', 'streaming', 'cancelled', 'error', 'truncated', 'interrupted')
        ),
        model TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (conversation_id, seq)
      ) STRICT;

      CREATE TABLE search_docs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        ref_id TEXT NOT NULL,
        profile_id TEXT,
        parent_id TEXT,
        UNIQUE (kind, ref_id)
      ) STRICT;
      CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
      WHEN NEW.role IN ('user', 'assistant') BEGIN
        INSERT INTO search_docs (kind, ref_id, profile_id, parent_id)
          VALUES ('message', NEW.id, NEW.profile_id, NEW.conversation_id);
        INSERT INTO search_fts (rowid, title, body) VALUES (last_insert_rowid(), '', NEW.content);
      END;
      CREATE TRIGGER messages_search_update AFTER UPDATE OF content ON messages BEGIN
        UPDATE search_fts SET body = NEW.content
          WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'message' AND ref_id = NEW.id);
      END;
      CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
        DELETE FROM search_fts
          WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'message' AND ref_id = OLD.id);
        DELETE FROM search_docs WHERE kind = 'message' AND ref_id = OLD.id;
      END;
    `);
  },
} satisfies Migration;
