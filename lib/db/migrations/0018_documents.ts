import type { Migration } from "../migrate.ts";

/**
 * The document library (SPEC §9): folders, documents, their chunks and the chunks' vectors, and
 * which documents a conversation uses.
 *
 * - A folder or a document belongs to the profile that made it (`profile_id`) and is private to
 *   it or, with `shared`, open to the whole household to read (`lib/documents/access.ts`
 *   decides); a document in a shared folder is shared.
 * - `documents.status` walks `queued → extracting → chunking → embedding → ready`, or ends in
 *   `failed` (with `error_code`, `error_message`) or `cancelled`; `progress` is 0…1 within the
 *   whole ingestion. A start finds every document not in an end state and resumes it.
 * - The original is kept as `<data>/documents/<id>` (`file` names it), its Markdown beside it.
 * - Chunks are the Markdown cut at headings (`heading` is the path, "A › B"), with `start`/`end`
 *   offsets into it so a citation opens the passage. Their text joins the one full-text index
 *   (`search_docs` kind `doc_chunk`, parent the document), a document's name and summary too
 *   (kind `document`); the owner in the index is null while the document is shared, as for a
 *   shared list's items.
 * - `chunk_vectors` keeps each chunk's embedding as little-endian float32 (`dims` × 4 bytes) and
 *   the model that made it; `lib/rag/` keeps its own compact index in memory from these.
 */
const owner = (doc: string) => `CASE WHEN ${doc}.shared = 1 THEN NULL ELSE ${doc}.profile_id END`;

export default {
  version: 18,
  name: "documents",
  up(db) {
    db.exec(`
      CREATE TABLE document_folders (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES document_folders (id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX document_folders_profile ON document_folders (profile_id);
      CREATE INDEX document_folders_parent ON document_folders (parent_id);

      CREATE TABLE documents (
        id TEXT PRIMARY KEY NOT NULL,
        profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
        folder_id TEXT REFERENCES document_folders (id) ON DELETE SET NULL,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
        kind TEXT NOT NULL
          CHECK (kind IN ('txt', 'md', 'html', 'pdf', 'docx', 'csv', 'json', 'code')),
        mime TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        sha256 TEXT NOT NULL,
        shared INTEGER NOT NULL CHECK (shared IN (0, 1)),
        status TEXT NOT NULL CHECK (status IN
          ('queued', 'extracting', 'chunking', 'embedding', 'ready', 'failed', 'cancelled')),
        progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
        error_code TEXT,
        error_message TEXT,
        summary TEXT NOT NULL DEFAULT '',
        pages INTEGER,
        chars INTEGER,
        embed_model TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX documents_profile ON documents (profile_id, updated_at);
      CREATE INDEX documents_shared ON documents (shared, updated_at) WHERE shared = 1;
      CREATE INDEX documents_folder ON documents (folder_id);
      CREATE INDEX documents_pending ON documents (status)
        WHERE status NOT IN ('ready', 'failed', 'cancelled');

      CREATE TABLE document_chunks (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        heading TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        tokens INTEGER NOT NULL,
        UNIQUE (document_id, seq)
      ) STRICT;

      CREATE TABLE chunk_vectors (
        chunk_id INTEGER PRIMARY KEY REFERENCES document_chunks (id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        dims INTEGER NOT NULL,
        vec BLOB NOT NULL
      ) STRICT;
      CREATE INDEX chunk_vectors_model ON chunk_vectors (model);

      CREATE TABLE conversation_documents (
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, document_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX conversation_documents_document ON conversation_documents (document_id);

      CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN
        INSERT INTO search_docs (kind, ref_id, profile_id, parent_id)
          VALUES ('document', NEW.id, ${owner("NEW")}, NEW.folder_id);
        INSERT INTO search_fts (rowid, title, body)
          VALUES (last_insert_rowid(), NEW.name, NEW.summary);
      END;
      CREATE TRIGGER documents_search_update AFTER UPDATE OF name, summary ON documents BEGIN
        UPDATE search_fts SET title = NEW.name, body = NEW.summary WHERE rowid =
          (SELECT id FROM search_docs WHERE kind = 'document' AND ref_id = NEW.id);
      END;
      CREATE TRIGGER documents_search_owner AFTER UPDATE OF shared, profile_id, folder_id
        ON documents BEGIN
        UPDATE search_docs SET profile_id = ${owner("NEW")}, parent_id = NEW.folder_id
          WHERE kind = 'document' AND ref_id = NEW.id;
        UPDATE search_docs SET profile_id = ${owner("NEW")}
          WHERE kind = 'doc_chunk' AND parent_id = NEW.id;
      END;
      CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN
        DELETE FROM search_fts WHERE rowid =
          (SELECT id FROM search_docs WHERE kind = 'document' AND ref_id = OLD.id);
        DELETE FROM search_docs WHERE kind = 'document' AND ref_id = OLD.id;
      END;

      CREATE INDEX search_docs_doc_chunks ON search_docs (parent_id) WHERE kind = 'doc_chunk';
      CREATE TRIGGER document_chunks_search_insert AFTER INSERT ON document_chunks BEGIN
        INSERT INTO search_docs (kind, ref_id, profile_id, parent_id)
          SELECT 'doc_chunk', CAST(NEW.id AS TEXT), ${owner("d")}, d.id
          FROM documents d WHERE d.id = NEW.document_id;
        INSERT INTO search_fts (rowid, title, body)
          VALUES (last_insert_rowid(), NEW.heading, NEW.text);
      END;
      CREATE TRIGGER document_chunks_search_delete AFTER DELETE ON document_chunks BEGIN
        DELETE FROM search_fts WHERE rowid =
          (SELECT id FROM search_docs WHERE kind = 'doc_chunk' AND ref_id = CAST(OLD.id AS TEXT));
        DELETE FROM search_docs WHERE kind = 'doc_chunk' AND ref_id = CAST(OLD.id AS TEXT);
      END;
    `);
  },
} satisfies Migration;
