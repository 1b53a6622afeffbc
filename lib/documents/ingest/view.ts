/**
 * How the library says what ingestion did (browser-safe: no imports), for the document pages and
 * `DocumentInfo.error`: the message key of a failure's code, and the note of a document that is
 * ready without vectors.
 */

/** The message key of a failed document's `error_code` (the extractor's are `extract.<code>`). */
export function ingestErrorKey(code: string): string {
  return code.startsWith("extract_") ? `extract.${code}` : `ingest.error.${code}`;
}

/**
 * The note a ready document shows when it has no vectors (no embedding model was installed):
 * full-text search finds it, search by meaning does not yet. Null otherwise.
 */
export function readyNoteKey(status: string, embedModel: string | null): string | null {
  return status === "ready" && !embedModel ? "ingest.no_embedding_model" : null;
}
