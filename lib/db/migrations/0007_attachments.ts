import type { Migration } from "../migrate.ts";

/**
 * Photos attached to chat messages. A photo is uploaded first (no conversation or message yet:
 * "unsent"), then linked to the user message that carries it, in the transaction that stores the
 * message. The bytes live in the row (a re-encoded phone photo is a few hundred kB; at most
 * 8 MB), so a backup of the database file is a backup of the chats' pictures. Deleting the
 * profile, the conversation or the message deletes its photos; unsent ones older than a day are
 * removed at start and on every upload.
 */
export default {
  version: 7,
  name: "attachments",
  up(db) {
    db.exec(`
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        conversation_id TEXT REFERENCES conversations (id) ON DELETE CASCADE,
        message_id TEXT REFERENCES messages (id) ON DELETE CASCADE,
        mime TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
        bytes BLOB NOT NULL,
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        size INTEGER NOT NULL CHECK (size = length(bytes)),
        created_at TEXT NOT NULL,
        CHECK ((conversation_id IS NULL) = (message_id IS NULL))
      ) STRICT;
      CREATE INDEX attachments_message ON attachments (message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX attachments_conversation ON attachments (conversation_id)
        WHERE conversation_id IS NOT NULL;
      CREATE INDEX attachments_unsent ON attachments (profile_id, created_at)
        WHERE message_id IS NULL;
    `);
  },
} satisfies Migration;
