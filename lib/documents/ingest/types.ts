/**
 * The ingestion queue's interface (`services.ingest`) and the steps it runs, which live in other
 * modules (extraction in `lib/documents/extract/`, chunks, vectors and embeddings in `lib/rag/`)
 * and are handed in, so the queue is tested with simple doubles.
 */
import type { ConfigStore } from "../../config/store.ts";
import type { ChatProvider } from "../../ai/types.ts";
import type { Db } from "../../db/mod.ts";
import type { DocumentKind } from "../types.ts";
import type { ChunkDraft } from "../../rag/chunk.ts";
import type { SavedChunk } from "../../rag/store.ts";

/** The ingestion queue: one task per document, resumed after a restart (SPEC §9). */
export interface IngestService {
  /** Queues a document whose row says `queued` (after an upload or a retry); returns at once. */
  enqueue(documentId: string): void;
  /**
   * Stops a document's ingestion: its task is cancelled, the status becomes `cancelled` and its
   * partial chunks and vectors are removed. False when nothing was running or waiting.
   */
  cancel(documentId: string): Promise<boolean>;
  /** The id of the document's ingestion task while one runs or waits, else null. */
  taskOf(documentId: string): string | null;
  /**
   * Resumes every document not `ready`, `failed` or `cancelled`, re-embeds documents of another
   * embedding model, and from now on watches the setting (`hearth start` calls it).
   */
  start(): void;
  /** Aborts running work quickly, leaving each row where it can resume (never `failed`). */
  stop(): Promise<void>;
}

/** A chunk before it is saved, and a saved chunk as `saveChunks` answers it. */
export type { ChunkDraft, SavedChunk };

/** What the queue needs of the vector index (`lib/rag/vectors.ts`'s `VectorIndex`). */
export interface VectorSink {
  removeDocument(documentId: string): void;
}

/** What `embeddingModel` reads. */
export interface EmbeddingSource {
  config: ConfigStore;
  ai: ChatProvider;
}

/**
 * The stages' work, with exactly the signatures of the modules that own it (issue 15's
 * contract): `extractDocument`, `chunkMarkdown`, `saveChunks`, `embeddingModel`, `embedTexts`,
 * `saveVectors`.
 */
export interface IngestSteps {
  extract(
    file: string,
    kind: DocumentKind,
    opts?: { signal?: AbortSignal; timeoutMs?: number; name?: string },
  ): Promise<{ markdown: string; pages: number | null }>;
  /** `chunkMarkdown`, or the same off the event loop (`chunkOffThread`), which `signal` stops. */
  chunk(markdown: string, signal?: AbortSignal): ChunkDraft[] | Promise<ChunkDraft[]>;
  /** Replaces the document's chunks (and their vectors) in one transaction. */
  saveChunks(db: Db, documentId: string, chunks: ChunkDraft[]): Promise<SavedChunk[]>;
  /** The embedding model to use now, or null when none is installed. */
  embeddingModel(source: EmbeddingSource): Promise<string | null>;
  embedTexts(
    provider: ChatProvider,
    model: string,
    texts: string[],
    opts: { signal?: AbortSignal; priority?: "background" | "interactive"; owner?: string },
  ): Promise<Float32Array[]>;
  saveVectors(
    db: Db,
    index: VectorSink,
    model: string,
    documentId: string,
    items: { chunkId: number; vec: Float32Array }[],
  ): Promise<void>;
}
