/**
 * Chunking off the event loop: `chunkMarkdown` (lib/rag/chunk.ts) runs in a worker thread of its
 * own for each document, which an abort terminates. A small document is cut in place, where a
 * worker's start would cost more than the work.
 */
import { chunkMarkdown } from "../../rag/chunk.ts";
import type { ChunkDraft } from "./types.ts";
import { moduleUrl } from "../../process/modules.ts";

/** Below this many characters the chunker runs in place (a few milliseconds). */
export const IN_PLACE_CHARS = 256 * 1024;

const WORKER_URL = moduleUrl("lib/documents/ingest/chunk_worker.ts");

/** `chunkMarkdown(markdown)`, in a worker thread when the document is large. */
export async function chunkOffThread(
  markdown: string,
  signal?: AbortSignal,
): Promise<ChunkDraft[]> {
  if (markdown.length < IN_PLACE_CHARS) return chunkMarkdown(markdown);
  // Loaded with the first large document, not at start (lib/hash.ts says why).
  const { Worker } = await import("node:worker_threads");
  return await new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const worker = new Worker(WORKER_URL, { workerData: markdown });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      outcome();
    };
    const onAbort = () => finish(() => reject(signal!.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.once("message", (chunks: ChunkDraft[]) => finish(() => resolve(chunks)));
    worker.once("error", (err) => finish(() => reject(err)));
    worker.once(
      "exit",
      (code) => finish(() => reject(new Error(`the chunker's worker exited with ${code}`))),
    );
  });
}
