/** The ingestion queue: its errors, the stages' failures, and what a document without vectors can do. */
export default {
  en: {
    "errors.document_not_retryable":
      "Only a document whose reading failed or was cancelled can be read again.",
    "errors.ingest_interrupted": "Hearth stopped; the document is read on when it starts again.",
    "ingest.error.embed_failed":
      "The embedding model could not process the document. Try again later.",
    "ingest.error.chunk_failed": "The document could not be cut into passages.",
    "ingest.error.file_missing": "The uploaded file is missing.",
    "ingest.error.ingest_failed": "Reading the document failed unexpectedly.",
    "ingest.no_embedding_model":
      "Ready for full-text search. No embedding model is installed, so it is not yet searched by meaning.",
  },
  de: {
    "errors.document_not_retryable":
      "Nur ein Dokument, dessen Einlesen fehlschlug oder abgebrochen wurde, kann erneut eingelesen werden.",
    "errors.ingest_interrupted":
      "Hearth wurde beendet; das Dokument wird beim nächsten Start weiter eingelesen.",
    "ingest.error.embed_failed":
      "Das Embedding-Modell konnte das Dokument nicht verarbeiten. Versuche es später noch einmal.",
    "ingest.error.chunk_failed": "Das Dokument konnte nicht in Abschnitte geteilt werden.",
    "ingest.error.file_missing": "Die hochgeladene Datei fehlt.",
    "ingest.error.ingest_failed": "Das Einlesen des Dokuments ist unerwartet fehlgeschlagen.",
    "ingest.no_embedding_model":
      "Bereit für die Volltextsuche. Es ist kein Embedding-Modell installiert, daher wird es noch nicht nach Bedeutung durchsucht.",
  },
};
