/**
 * Saving a document's chunks and their vectors. The chunks' full-text rows come from migration
 * 0018's triggers (kind `doc_chunk`, in the same transaction); the in-memory vector indexes
 * (`vectors.ts`) hear of the change once it is committed.
 */
import type { Transaction } from "kysely";
import type { Db } from "../db/mod.ts";
import type { Database } from "../db/schema.ts";
import type { ChunkDraft } from "./chunk.ts";
import { encodeVector, indexesOver, normalize, type VectorIndex } from "./vectors.ts";

/** A saved chunk. */
export interface SavedChunk {
  id: number;
  seq: number;
  heading: string;
  text: string;
}

/**
 * Inserts `chunks` of `documentId` in `tx`, 100 rows a statement (which keeps each under
 * SQLite's bound-parameter limit); answers the new rows with their ids, in the order given.
 */
export async function insertChunks(
  tx: Transaction<Database>,
  documentId: string,
  chunks: ChunkDraft[],
): Promise<SavedChunk[]> {
  const out: SavedChunk[] = [];
  for (let i = 0; i < chunks.length; i += 100) {
    const rows = await tx.insertInto("document_chunks").values(
      chunks.slice(i, i + 100).map((c) => ({
        document_id: documentId,
        seq: c.seq,
        heading: c.heading,
        text: c.text,
        start: c.start,
        end: c.end,
        tokens: c.tokens,
      })),
    ).returning(["id", "seq", "heading", "text"]).execute();
    out.push(...rows);
  }
  return out;
}

/**
 * Replaces `documentId`'s chunks (and so their vectors, by cascade) with `chunks`, in one
 * transaction; returns the new rows with their ids, in `seq` order.
 */
export async function saveChunks(
  db: Db,
  documentId: string,
  chunks: ChunkDraft[],
): Promise<SavedChunk[]> {
  const saved = await db.kysely.transaction().execute(async (tx) => {
    await tx.deleteFrom("document_chunks").where("document_id", "=", documentId).execute();
    const out = await insertChunks(tx, documentId, chunks);
    return out.sort((a, b) => a.seq - b.seq);
  });
  for (const index of indexesOver(db)) index.removeDocument(documentId);
  return saved;
}

/**
 * Stores the vectors of `model` for chunks of `documentId` (unit length, little-endian float32),
 * replacing earlier ones, in one transaction; then adds them to `index`.
 */
export async function saveVectors(
  db: Db,
  index: VectorIndex,
  model: string,
  documentId: string,
  items: { chunkId: number; vec: Float32Array }[],
): Promise<void> {
  if (!items.length) return;
  const unit = items.map((item) => ({ chunkId: item.chunkId, vec: normalize(item.vec) }));
  await db.kysely.transaction().execute(async (tx) => {
    for (let i = 0; i < unit.length; i += 100) {
      await tx.insertInto("chunk_vectors").values(
        unit.slice(i, i + 100).map((item) => ({
          chunk_id: item.chunkId,
          model,
          dims: item.vec.length,
          vec: encodeVector(item.vec),
        })),
      ).onConflict((oc) =>
        oc.column("chunk_id").doUpdateSet((eb) => ({
          model: eb.ref("excluded.model"),
          dims: eb.ref("excluded.dims"),
          vec: eb.ref("excluded.vec"),
        }))
      ).execute();
    }
  });
  index.add(model, unit.map((item) => ({ ...item, documentId })));
}
