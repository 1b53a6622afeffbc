/**
 * The ingestion task of a document, for the library's pages: `services.ingest.taskOf` once the
 * ingestion service is there (lib/documents/ingest/), else none (the documents show their
 * stored status without live progress).
 */
import type { TaskOf } from "../../../lib/documents/store.ts";
import type { State } from "../../../utils.ts";

/** `services.ingest.taskOf`, when the box has the ingestion service. */
export function taskOf(state: State): TaskOf | undefined {
  const ingest = (state.services as { ingest?: { taskOf(id: string): string | null } }).ingest;
  return ingest ? (id) => ingest.taskOf(id) : undefined;
}
