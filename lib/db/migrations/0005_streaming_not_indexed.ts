import type { Migration } from "../migrate.ts";

/**
 * A reply is saved as it streams (about once a second), so a crash keeps what the model had
 * written. The full-text index ignores those partial saves: it would otherwise re-read and
 * re-index the whole growing text on every one. A reply enters the index when its status leaves
 * `streaming` (finished, cancelled, failed, or marked interrupted at the next start), in the
 * same update that sets its last text.
 *
 * At every start, replies a crash left `streaming` are marked interrupted; a partial index over
 * just those rows lets that find them without reading every message.
 */
export default {
  version: 5,
  name: "streaming replies not indexed",
  up(db) {
    db.exec(`
      CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';
      DROP TRIGGER messages_search_update;
      CREATE TRIGGER messages_search_update AFTER UPDATE OF content ON messages
      WHEN NEW.role IN ('user', 'assistant') AND NEW.status != 'streaming' BEGIN
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
