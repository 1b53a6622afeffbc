import type { Migration } from "../migrate.ts";

/**
 * Messages enter the full-text index a moment later, many at once (`lib/db/search_later.ts`).
 * Indexing a message in the transaction that stores it was 19 of the ~34 pages a reply's start
 * and end write to the WAL: every FTS5 transaction writes a segment of its own, its structure
 * record and averages, a `search_docs` row and its index, and merges its small segments now and
 * then. Now the triggers only note the message in `search_pending` (one page), and the index
 * takes the noted messages in batches: a second after the writes on the server, and at once
 * before any search, so a search still finds every message stored before it.
 *
 * What a message indexes is unchanged (migrations 4 and 5): its text once it has some, its new
 * text when that changes after the reply ended; an emptied message leaves the index. Deleting a
 * message takes it out of both.
 */
export default {
  version: 22,
  name: "messages indexed in batches",
  up(db) {
    db.exec(`
      CREATE TABLE search_pending (ref_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID, STRICT;
      DROP TRIGGER messages_search_insert;
      DROP TRIGGER messages_search_update;
      DROP TRIGGER messages_search_delete;
      CREATE TRIGGER messages_search_insert AFTER INSERT ON messages
      WHEN NEW.role IN ('user', 'assistant') AND NEW.content != '' BEGIN
        INSERT OR IGNORE INTO search_pending (ref_id) VALUES (NEW.id);
      END;
      CREATE TRIGGER messages_search_update AFTER UPDATE OF content ON messages
      WHEN NEW.role IN ('user', 'assistant') AND NEW.status != 'streaming' BEGIN
        INSERT OR IGNORE INTO search_pending (ref_id) VALUES (NEW.id);
      END;
      CREATE TRIGGER messages_search_delete AFTER DELETE ON messages BEGIN
        DELETE FROM search_pending WHERE ref_id = OLD.id;
        DELETE FROM search_fts
          WHERE rowid = (SELECT id FROM search_docs WHERE kind = 'message' AND ref_id = OLD.id);
        DELETE FROM search_docs WHERE kind = 'message' AND ref_id = OLD.id;
      END;
    `);
  },
} satisfies Migration;
