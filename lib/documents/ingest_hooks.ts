/**
 * What the library's routes ask of the ingestion queue (`services.ingest`, lib/documents/ingest/):
 * start a new document, stop one before it is deleted, and name a document's task. Until a
 * Hearth has that service, uploads simply stay `queued` and no document has a task.
 */

/** The part of `services.ingest` the library calls. */
export interface IngestHooks {
  enqueue(documentId: string): void;
  cancel(documentId: string): Promise<boolean>;
  taskOf(documentId: string): string | null;
}

const NONE: IngestHooks = {
  enqueue() {},
  cancel: () => Promise.resolve(false),
  taskOf: () => null,
};

/** `services.ingest` when the services have one, else hooks that do nothing. */
export function ingestOf(services: object): IngestHooks {
  const ingest = (services as { ingest?: IngestHooks }).ingest;
  if (!ingest) return NONE;
  return {
    enqueue: (id) => ingest.enqueue(id),
    cancel: (id) => ingest.cancel(id),
    taskOf: (id) => ingest.taskOf(id),
  };
}
