/** The ingestion queue: its errors, the stages' failures, and what a document without vectors can do. */
export default {
  en: {
    "errors.document_not_retryable":
      "Only a document whose reading failed or was cancelled can be read again.",
    "errors.ingest_interrupted": "Hearth stopped; the document is read on when it starts again.",
    "errors.embed_failed": "The embedding model could not process the document. Try again later.",
    "errors.chunk_failed": "The document could not be cut into passages.",
    "errors.file_missing": "The uploaded file is missing.",
    "errors.ingest_failed": "Reading the document failed unexpectedly.",
    "ingest.no_embedding_model":
      "Ready for full-text search. No embedding model is installed, so it is not yet searched by meaning.",
  },
  de: {
    "errors.document_not_retryable":
      "Nur ein Dokument, dessen Einlesen fehlschlug oder abgebrochen wurde, kann erneut eingelesen werden.",
    "errors.ingest_interrupted":
      "Hearth wurde beendet; das Dokument wird beim nächsten Start weiter eingelesen.",
    "errors.embed_failed":
      "Das Embedding-Modell konnte das Dokument nicht verarbeiten. Versuche es später noch einmal.",
    "errors.chunk_failed": "Das Dokument konnte nicht in Abschnitte geteilt werden.",
    "errors.file_missing": "Die hochgeladene Datei fehlt.",
    "errors.ingest_failed": "Das Einlesen des Dokuments ist unerwartet fehlgeschlagen.",
    "ingest.no_embedding_model":
      "Bereit für die Volltextsuche. Es ist kein Embedding-Modell installiert, daher wird es noch nicht nach Bedeutung durchsucht.",
  },
};
