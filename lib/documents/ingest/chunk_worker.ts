/**
 * The worker that cuts a document's Markdown into chunks (`lib/rag/chunk.ts`), so a large
 * document (100 MB takes the chunker seconds) never holds up the server's event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { chunkMarkdown } from "../../rag/chunk.ts";

parentPort!.postMessage(chunkMarkdown(workerData as string));
