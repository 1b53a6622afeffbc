/**
 * The ingestion queue's reads and writes of `documents`, `document_chunks` and `chunk_vectors`
 * (migration 0018). The queue is these rows: a document whose status does not end an ingestion
 * is waiting or under way, and a start resumes it.
 */
import type { Db } from "../../db/mod.ts";
import { owned } from "../../db/owned.ts";
import { HttpError } from "../../http/errors.ts";
import { insertChunks } from "../../rag/store.ts";
import type { DocumentKind, DocumentStatus } from "../types.ts";
import type { ChunkDraft } from "./types.ts";
import { DOCUMENT_END_STATUSES } from "../types.ts";

/** What the pipeline reads of a document. */
export interface IngestRow {
  id: string;
  profileId: string;
  name: string;
  kind: DocumentKind;
  status: DocumentStatus;
  summary: string;
  embedModel: string | null;
}

/** Whether `status` ends an ingestion. */
export function ended(status: string): boolean {
  return (DOCUMENT_END_STATUSES as readonly string[]).includes(status);
}

/** The document's row, or null once it is deleted. */
export async function ingestRow(db: Db, id: string): Promise<IngestRow | null> {
  const row = await db.kysely.selectFrom("documents")
    .select(["id", "profile_id", "name", "kind", "status", "summary", "embed_model"])
    .where("id", "=", id).executeTakeFirst();
  return row
    ? {
      id: row.id,
      profileId: row.profile_id,
      name: row.name,
      kind: row.kind,
      status: row.status,
      summary: row.summary,
      embedModel: row.embed_model,
    }
    : null;
}

/** The same, read synchronously (`enqueue` names the task before it returns). */
export function ingestRowNow(db: Db, id: string): { profileId: string; status: string } | null {
  const row = db.raw.prepare("SELECT profile_id, status FROM documents WHERE id = ?").get(id) as
    | { profile_id: string; status: string }
    | undefined;
  return row ? { profileId: row.profile_id, status: row.status } : null;
}

/** Documents waiting or under way, oldest first (the queue), at most `limit`. */
export async function pendingDocuments(
  db: Db,
  limit: number,
): Promise<{ id: string; profileId: string }[]> {
  const rows = await db.kysely.selectFrom("documents").select(["id", "profile_id"])
    .where("status", "not in", DOCUMENT_END_STATUSES)
    .orderBy("created_at").orderBy("id").limit(limit).execute();
  return rows.map((r) => ({ id: r.id, profileId: r.profile_id }));
}

/** Fields the pipeline sets. */
export interface IngestChange {
  status?: DocumentStatus;
  progress?: number;
  errorCode?: string | null;
  errorMessage?: string | null;
  chars?: number | null;
  pages?: number | null;
  embedModel?: string | null;
  summary?: string;
}

/**
 * Writes `change` while the document exists and has not ended (or, with `anyStatus`, whatever
 * its status); false when no row was changed (deleted, or cancelled meanwhile).
 */
export async function setIngest(
  db: Db,
  id: string,
  change: IngestChange,
  opts: { anyStatus?: boolean; now?: Date } = {},
): Promise<boolean> {
  const set: Record<string, unknown> = {};
  if (change.status !== undefined) {
    set.status = change.status;
    // A status change is news for the library's order; progress alone is not.
    set.updated_at = (opts.now ?? new Date()).toISOString();
  }
  if (change.progress !== undefined) set.progress = Math.min(1, Math.max(0, change.progress));
  if (change.errorCode !== undefined) set.error_code = change.errorCode;
  if (change.errorMessage !== undefined) set.error_message = change.errorMessage;
  if (change.chars !== undefined) set.chars = change.chars;
  if (change.pages !== undefined) set.pages = change.pages;
  if (change.embedModel !== undefined) set.embed_model = change.embedModel;
  if (change.summary !== undefined) set.summary = change.summary;
  let q = db.kysely.updateTable("documents").set(set).where("id", "=", id);
  if (!opts.anyStatus) q = q.where("status", "not in", DOCUMENT_END_STATUSES);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Counts a document's chunks. */
export async function chunkCount(db: Db, documentId: string): Promise<number> {
  const row = await db.kysely.selectFrom("document_chunks")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("document_id", "=", documentId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The document's chunks without a vector of `model`, in reading order. */
export async function chunksToEmbed(
  db: Db,
  documentId: string,
  model: string,
): Promise<{ id: number; text: string; heading: string }[]> {
  return await db.kysely.selectFrom("document_chunks as c")
    .leftJoin(
      "chunk_vectors as v",
      (j) => j.onRef("v.chunk_id", "=", "c.id").on("v.model", "=", model),
    )
    .select(["c.id", "c.text", "c.heading"])
    .where("c.document_id", "=", documentId)
    .where("v.chunk_id", "is", null)
    .orderBy("c.seq").execute();
}

/** Deletes the document's vectors of any model but `model`; answers how many went. */
export async function dropOtherVectors(
  db: Db,
  documentId: string,
  model: string,
): Promise<number> {
  const result = await db.kysely.deleteFrom("chunk_vectors")
    .where("model", "!=", model)
    .where(
      "chunk_id",
      "in",
      (eb) => eb.selectFrom("document_chunks").select("id").where("document_id", "=", documentId),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Adds chunks after those `saveChunks` saved, in one short transaction (a large document is
 * saved a slice at a time, so other statements get their turn between slices).
 */
export async function appendChunks(
  db: Db,
  documentId: string,
  chunks: ChunkDraft[],
): Promise<void> {
  if (!chunks.length) return;
  await db.kysely.transaction().execute(async (tx) => {
    await insertChunks(tx, documentId, chunks);
  });
}

/** Removes a document's chunks (their vectors go with them, by foreign key). */
export async function dropChunks(db: Db, documentId: string): Promise<void> {
  await db.kysely.deleteFrom("document_chunks").where("document_id", "=", documentId).execute();
}

/**
 * Ready documents with chunks whose vectors are not `model`'s (another model, or none because
 * no embedding model was installed) go back to `embedding`, so the queue re-embeds them from
 * their chunks. Answers how many.
 */
export async function markForReembedding(db: Db, model: string, progress: number): Promise<number> {
  const result = await db.kysely.updateTable("documents")
    .set({ status: "embedding", progress })
    .where("status", "=", "ready")
    .where((eb) => eb.or([eb("embed_model", "is", null), eb("embed_model", "!=", model)]))
    .where((eb) =>
      eb.exists(
        eb.selectFrom("document_chunks").select("id").whereRef(
          "document_chunks.document_id",
          "=",
          "documents.id",
        ),
      )
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

const documentNotFound = (id: string) =>
  new HttpError(404, "document_not_found", "No such document.", {}, { id });

/**
 * Puts the owner's failed or cancelled document back in the queue (status `queued`, no error).
 * 404 `document_not_found` when it is not the profile's own, 409 `document_not_retryable` while
 * it is under way or ready.
 */
export async function requeueDocument(db: Db, profileId: string, id: string): Promise<void> {
  const mine = owned(db.kysely, profileId, { documents: documentNotFound });
  const doc = await mine.get("documents", id);
  const changed = await mine.updateTable("documents", {
    status: "queued",
    progress: 0,
    error_code: null,
    error_message: null,
    updated_at: new Date().toISOString(),
  })
    .where("id", "=", id).where("status", "in", ["failed", "cancelled"])
    .executeTakeFirst();
  if (Number(changed.numUpdatedRows) === 0) {
    throw new HttpError(
      409,
      "document_not_retryable",
      "Only a document whose reading failed or was cancelled can be read again.",
      {},
      { status: doc.status },
    );
  }
}
