/**
 * How the library says what ingestion did (browser-safe: no imports). A failure's code has its
 * sentence as `errors.<code>` (the extractor's as `extract.<code>`), which the library's
 * `localizeDocument` finds; a document ready without vectors has a note.
 */

/**
 * The note a ready document shows when it has no vectors (no embedding model was installed):
 * full-text search finds it, search by meaning does not yet. Null otherwise.
 */
export function readyNoteKey(status: string, embedModel: string | null): string | null {
  return status === "ready" && !embedModel ? "ingest.no_embedding_model" : null;
}
