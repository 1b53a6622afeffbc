import type { Migration } from "../migrate.ts";

/**
 * Search as you type: the full-text index gets prefix indexes for 2 and 3 characters, so a
 * half-typed word (`"ga"*`) reads one list instead of merging every word that starts with it
 * (p95 67 ms → 10 ms over 100,000 messages, for ~25% more index). FTS5 options are fixed at
 * creation, so the index is rebuilt from the rows it mirrors; `search_docs` and its rowids stay.
 *
 * Empty messages are not indexed: a reply starts as an empty `streaming` row and gets its text
 * when it ends, so indexing it twice cost each chat an FTS insert and delete (docs/BENCHMARKS.md).
 * A message enters the index when it first has text and leaves it when its text is cleared.
 */
export default {
  version: 4,
  name: "search prefix index",
  up(db) {
    db.exec(`
      DROP TABLE search_fts;
      CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      DELETE FROM search_docs
        WHERE kind = 'message' AND ref_id IN (SELECT id FROM messages WHERE content = '');
      INSERT INTO search_fts (rowid, title, body)
        SELECT d.id, '', m.content FROM search_docs d JOIN messages m ON m.id = d.ref_id
        WHERE d.kind = 'message';

      DROP TRIGGER messages_search_insert;
      DROP TRIGGER messages_search_update;
      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
      WHEN NEW.role IN ('user', 'assistant') AND NEW.content != '' BEGIN
        INSERT INTO search_docs (kind, ref_id, profile_id, parent_id)
          VALUES ('message', NEW.id, NEW.profile_id, NEW.conversation_id);
        INSERT INTO search_fts (rowid, title, body) VALUES (last_insert_rowid(), '', NEW.content);
      END;
      CREATE TRIGGER messages_search_update AFTER UPDATE OF content ON messages
      WHEN NEW.role IN ('user', 'assistant') BEGIN
        DELETE FROM search_fts
          WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'message' AND ref_id = NEW.id);
        DELETE FROM search_docs WHERE kind = 'message' AND ref_id = NEW.id AND NEW.content = '';
        INSERT OR IGNORE INTO search_docs (kind, ref_id, profile_id, parent_id)
          SELECT 'message', NEW.id, NEW.profile_id, NEW.conversation_id WHERE NEW.content != '';
        INSERT INTO search_fts (rowid, title, body)
          SELECT id, '', NEW.content FROM search_docs
          WHERE kind = 'message' AND ref_id = NEW.id AND NEW.content != '';
      END;
    `);
  },
} satisfies Migration;
