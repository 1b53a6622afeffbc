/**
 * Plain doubles of the ingestion steps other modules own (`lib/documents/extract/`, `lib/rag/`),
 * with their exact signatures, for the queue's tests: text files read as they are, passages cut
 * at blank lines, chunks and vectors stored as migration 0018 lays them out, embeddings asked of
 * the provider. `lib/services.ts` wires the real ones.
 */
import type { ChatProvider } from "../../ai/types.ts";
import type { Db } from "../../db/mod.ts";
import { insertChunks } from "../../rag/store.ts";
import type { DocumentKind } from "../types.ts";
import type { ChunkDraft, EmbeddingSource, IngestSteps, SavedChunk, VectorSink } from "./types.ts";

/** An extraction failure with the extractor's code (`extract_*`). */
export class PlainExtractError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "ExtractError";
  }
}

const TEXT_KINDS: readonly DocumentKind[] = ["txt", "md", "csv", "json", "code", "html"];

/** Reads a text file as its Markdown; other kinds fail as malformed. */
export async function plainExtract(
  file: string,
  kind: DocumentKind,
  opts: { signal?: AbortSignal } = {},
): Promise<{ markdown: string; pages: number | null }> {
  opts.signal?.throwIfAborted();
  if (!TEXT_KINDS.includes(kind)) {
    throw new PlainExtractError("extract_malformed", "This kind of file cannot be read yet.");
  }
  let markdown: string;
  try {
    markdown = new TextDecoder("utf-8", { fatal: true }).decode(await Deno.readFile(file));
  } catch (err) {
    if (err instanceof TypeError) {
      throw new PlainExtractError("extract_encoding", "The file is not valid UTF-8 text.");
    }
    throw err;
  }
  opts.signal?.throwIfAborted();
  if (!markdown.trim()) throw new PlainExtractError("extract_empty", "The file holds no text.");
  return { markdown, pages: null };
}

/** Cuts at blank lines, joining paragraphs up to about `max` characters. */
export function plainChunk(markdown: string, max = 2400): ChunkDraft[] {
  const chunks: ChunkDraft[] = [];
  let start = -1;
  let end = 0;
  const flush = () => {
    if (start < 0) return;
    const text = markdown.slice(start, end);
    chunks.push({
      seq: chunks.length,
      heading: "",
      text,
      start,
      end,
      tokens: Math.ceil(text.length / 4),
    });
    start = -1;
  };
  const blank = /\n(?:[ \t]*\n)+/g;
  let at = 0;
  for (;;) {
    const m = blank.exec(markdown);
    const paraEnd = m ? m.index : markdown.length;
    if (markdown.slice(at, paraEnd).trim()) {
      if (start >= 0 && paraEnd - start > max) flush();
      if (start < 0) start = at;
      end = paraEnd;
    }
    if (!m) break;
    at = m.index + m[0].length;
  }
  flush();
  return chunks;
}

/** Replaces the document's chunks (their vectors go with them) in one transaction. */
export async function plainSaveChunks(
  db: Db,
  documentId: string,
  chunks: ChunkDraft[],
): Promise<SavedChunk[]> {
  return await db.kysely.transaction().execute(async (tx) => {
    await tx.deleteFrom("document_chunks").where("document_id", "=", documentId).execute();
    return await insertChunks(tx, documentId, chunks);
  });
}

/** `models.embedding`, else the first installed model that embeds, else null. */
export async function plainEmbeddingModel(source: EmbeddingSource): Promise<string | null> {
  const chosen = source.config.current.models.embedding;
  if (chosen) return chosen;
  const models = await source.ai.models().catch(() => []);
  return models.find((m) => m.capabilities?.includes("embedding"))?.name ?? null;
}

/** Asks the provider for the embeddings of `texts`, as float32. */
export async function plainEmbedTexts(
  provider: ChatProvider,
  model: string,
  texts: string[],
  opts: { signal?: AbortSignal; priority?: "background" | "interactive"; owner?: string },
): Promise<Float32Array[]> {
  const { embeddings } = await provider.embed(model, texts, {
    signal: opts.signal,
    priority: opts.priority ?? "background",
    owner: opts.owner,
    label: "embed",
  });
  return embeddings.map((v) => Float32Array.from(v));
}

/** Stores the vectors (little-endian float32), replacing any of the same chunks. */
export async function plainSaveVectors(
  db: Db,
  _index: VectorSink,
  model: string,
  _documentId: string,
  items: { chunkId: number; vec: Float32Array }[],
): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    for (const { chunkId, vec } of items) {
      const bytes = new Uint8Array(vec.length * 4);
      const view = new DataView(bytes.buffer);
      vec.forEach((x, i) => view.setFloat32(i * 4, x, true));
      await tx.insertInto("chunk_vectors")
        .values({ chunk_id: chunkId, model, dims: vec.length, vec: bytes })
        .onConflict((oc) =>
          oc.column("chunk_id").doUpdateSet({ model, dims: vec.length, vec: bytes })
        )
        .execute();
    }
  });
}

/** The plain steps together. */
export const PLAIN_STEPS: IngestSteps = {
  extract: plainExtract,
  chunk: (markdown) => plainChunk(markdown),
  saveChunks: plainSaveChunks,
  embeddingModel: plainEmbeddingModel,
  embedTexts: plainEmbedTexts,
  saveVectors: plainSaveVectors,
};

/** A vector index that holds nothing (until `lib/rag/`'s is wired). */
export const NO_INDEX: VectorSink = { removeDocument() {} };
