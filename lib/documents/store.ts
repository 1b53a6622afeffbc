/**
 * The document library's store: documents (folders are `folders.ts`'s, the documents a
 * conversation uses `conversation_documents.ts`'s). Who
 * may do what is decided in `access.ts` alone; every change runs in a transaction with its
 * access check. A profile's own rows are written through `owned()`.
 *
 * Sharing follows the folders (see `access.ts`): everything inside a shared folder is shared,
 * so moving in or out of one, or sharing or unsharing a folder, updates `shared` on every row
 * it touches, in the same transaction (and the search index's triggers follow `shared`).
 *
 * Deleting a folder never deletes a document: its documents and its folders move up to its
 * parent (the library's root when it had none), keeping their sharing, so nobody gains or loses
 * access by it.
 *
 * The originals live in `<data>/documents/<id>`, their Markdown in `<data>/documents/<id>.md`:
 * named by id only, never by anything a person typed.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { HearthPaths } from "../config/paths.ts";
import type { Db } from "../db/mod.ts";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import type { Database } from "../db/schema.ts";
import { HttpError } from "../http/errors.ts";
import { ftsQuery } from "../search/mod.ts";
import { documentAccess, documentNotFound, folderAccess, readableDocuments } from "./access.ts";
import { refuseDocument } from "../limits/use.ts";
import { DOCUMENT_LIMITS, type DocumentChange } from "./schemas.ts";
import type { DocumentInfo, DocumentKind, DocumentStatus } from "./types.ts";

/** A database or a transaction: the store's functions take either. */
export type K = Kysely<Database> | Transaction<Database>;

/** The ingestion task of a document while one runs or waits (`services.ingest.taskOf`). */
export type TaskOf = (documentId: string) => string | null;

export const noTask: TaskOf = () => null;
export const now = () => new Date().toISOString();

/** The folder where the library's files live: `<data>/documents`. */
export function documentsDir(paths: Pick<HearthPaths, "dataDir">): string {
  return `${paths.dataDir}/documents`;
}

/** The original of document `id`: `<data>/documents/<id>`. */
export function documentFile(paths: Pick<HearthPaths, "dataDir">, id: string): string {
  return `${documentsDir(paths)}/${safeId(id)}`;
}

/** The extracted Markdown of document `id`: `<data>/documents/<id>.md`. */
export function markdownFile(paths: Pick<HearthPaths, "dataDir">, id: string): string {
  return `${documentsDir(paths)}/${safeId(id)}.md`;
}

/** Ids are UUIDs: anything else is refused before it could name a path. */
function safeId(id: string): string {
  if (!/^[0-9a-f-]{1,64}$/i.test(id)) throw new Error(`not a document id: ${id}`);
  return id;
}

export function folderShared(): HttpError {
  return new HttpError(
    422,
    "folder_shared",
    "Everything in a shared folder is shared; move it out of the folder first.",
  );
}

/** The columns a `DocumentInfo` is made of, with the owner's name and the visible folder. */
export function infoQuery(db: K, viewerId: string) {
  return readableDocuments(db, viewerId)
    .innerJoin("profiles", "profiles.id", "documents.profile_id")
    // The folder as the viewer sees it: another profile's private folder is no folder at all
    // (a shared document in it shows at the library's root).
    .leftJoin(
      "document_folders as vf",
      (join) =>
        join.onRef("vf.id", "=", "documents.folder_id").on((eb) =>
          eb.or([eb("vf.profile_id", "=", viewerId), eb("vf.shared", "=", 1)])
        ),
    );
}

export interface InfoRow {
  id: string;
  profile_id: string;
  name: string;
  kind: DocumentKind;
  mime: string;
  size: number;
  shared: number;
  status: DocumentStatus;
  progress: number;
  error_code: string | null;
  error_message: string | null;
  summary: string;
  pages: number | null;
  chars: number | null;
  created_at: string;
  updated_at: string;
  owner_name: string;
  visible_folder: string | null;
}

export const INFO_COLUMNS = [
  "documents.id",
  "documents.profile_id",
  "documents.name",
  "documents.kind",
  "documents.mime",
  "documents.size",
  "documents.shared",
  "documents.status",
  "documents.progress",
  "documents.error_code",
  "documents.error_message",
  "documents.summary",
  "documents.pages",
  "documents.chars",
  "documents.created_at",
  "documents.updated_at",
  "profiles.name as owner_name",
  "vf.id as visible_folder",
] as const;

export function toInfo(r: InfoRow, viewerId: string, taskOf: TaskOf): DocumentInfo {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    mime: r.mime,
    size: r.size,
    folderId: r.visible_folder ?? null,
    shared: r.shared === 1,
    mine: r.profile_id === viewerId,
    ownerName: r.owner_name,
    status: r.status,
    progress: r.progress,
    taskId: taskOf(r.id),
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? "" } : null,
    summary: r.summary,
    pages: r.pages,
    chars: r.chars,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

async function infoOf(db: K, viewerId: string, id: string, taskOf: TaskOf) {
  const row = await infoQuery(db, viewerId).select(INFO_COLUMNS).where("documents.id", "=", id)
    .executeTakeFirst();
  if (!row) {
    // One the viewer could read but its limits leave out: 403 `limit_document`, not a 404.
    await refuseDocument(db, viewerId, id);
    throw documentNotFound();
  }
  return toInfo(row as InfoRow, viewerId, taskOf);
}

/**
 * A page of the documents `viewerId` may read, newest change first. `folder`: a folder it may
 * read (404 `folder_not_found` otherwise), or "root" for those in no folder it can see; `q`:
 * through the one full-text index (the name and summary, or any passage); `status`: one status.
 */
export async function listDocuments(
  db: Db,
  viewerId: string,
  q: {
    folder?: string | "root";
    q?: string;
    status?: DocumentStatus;
    limit?: number;
    offset?: number;
  },
  taskOf: TaskOf = noTask,
): Promise<{ documents: DocumentInfo[]; total: number; nextOffset: number | null }> {
  const k = db.kysely;
  const limit = Math.min(Math.max(q.limit ?? 50, 1), DOCUMENT_LIMITS.page);
  const offset = Math.max(q.offset ?? 0, 0);
  if (q.folder && q.folder !== "root") await folderAccess(k, viewerId, q.folder, "read");
  let base = infoQuery(k, viewerId);
  if (q.folder === "root") base = base.where("vf.id", "is", null);
  else if (q.folder) base = base.where("documents.folder_id", "=", q.folder);
  if (q.status) base = base.where("documents.status", "=", q.status);
  if (q.q?.trim()) {
    const match = ftsQuery(q.q);
    // The index's owner is null while a document is shared (migration 0018), so "mine or
    // nobody's" is what the viewer may read; the outer query checks again.
    base = base.where(sql<boolean>`documents.id IN (
      SELECT CASE sd.kind WHEN 'document' THEN sd.ref_id ELSE sd.parent_id END
      FROM search_fts sf CROSS JOIN search_docs sd ON sd.id = sf.rowid
      WHERE search_fts MATCH ${match} AND sd.kind IN ('document', 'doc_chunk')
        AND (sd.profile_id = ${viewerId} OR sd.profile_id IS NULL))`);
  }
  const { n } = await base.select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await base.select(INFO_COLUMNS).orderBy("documents.updated_at", "desc")
    .orderBy("documents.id", "desc").limit(limit).offset(offset).execute();
  const total = Number(n);
  const end = offset + rows.length;
  return {
    documents: rows.map((r) => toInfo(r as InfoRow, viewerId, taskOf)),
    total,
    nextOffset: end < total && rows.length > 0 ? end : null,
  };
}

/** One document `viewerId` may read; 404 `document_not_found` otherwise. */
export async function getDocument(
  db: Db,
  viewerId: string,
  id: string,
  taskOf: TaskOf = noTask,
): Promise<DocumentInfo> {
  return await infoOf(db.kysely, viewerId, id, taskOf);
}

/** Of `ids`, the documents `viewerId` may read, in the order given (duplicates once). */
export async function visibleDocumentIds(
  db: Db,
  viewerId: string,
  ids: string[],
): Promise<string[]> {
  const unique = [...new Set(ids)];
  const seen = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await readableDocuments(db.kysely, viewerId).select("documents.id")
      .where("documents.id", "in", unique.slice(i, i + 500)).execute();
    for (const r of rows) seen.add(r.id);
  }
  return unique.filter((id) => seen.has(id));
}

/**
 * A readable document's Markdown ("" before extraction) and its chunks' places in it.
 * 404 `document_not_found` when the viewer may not read it.
 */
export async function readDocumentText(
  db: Db,
  paths: Pick<HearthPaths, "dataDir">,
  viewerId: string,
  id: string,
): Promise<{
  markdown: string;
  chunks: { id: number; seq: number; heading: string; start: number; end: number }[];
}> {
  await documentAccess(db.kysely, viewerId, id, "read");
  let markdown = "";
  try {
    markdown = await Deno.readTextFile(markdownFile(paths, id));
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  const chunks = await db.kysely.selectFrom("document_chunks")
    .select(["id", "seq", "heading", "start", "end"]).where("document_id", "=", id)
    .orderBy("seq").execute();
  return { markdown, chunks };
}

/**
 * Checks, before an upload streams, that `folderId` (if any) is a folder `viewerId` owns:
 * 404 `folder_not_found` or 403 `not_owner`.
 */
export async function checkUploadFolder(
  db: Db,
  viewerId: string,
  folderId: string | null | undefined,
): Promise<void> {
  if (folderId) await folderAccess(db.kysely, viewerId, folderId, "owner");
}

/** A document's row as an upload stores it, once its file is in place. */
export interface NewDocument {
  id: string;
  name: string;
  kind: DocumentKind;
  mime: string;
  size: number;
  sha256: string;
  folderId: string | null;
  shared: boolean;
}

/**
 * Stores an uploaded document (status `queued`) for `viewerId`. In a shared folder it is shared
 * whatever `shared` says. The folder must be the viewer's own (404/403 otherwise).
 */
export async function createDocument(
  db: Db,
  viewerId: string,
  doc: NewDocument,
  taskOf: TaskOf = noTask,
): Promise<DocumentInfo> {
  return await db.kysely.transaction().execute(async (tx) => {
    const folder = doc.folderId ? await folderAccess(tx, viewerId, doc.folderId, "owner") : null;
    const at = now();
    await owned(tx, viewerId).insertInto("documents", {
      id: doc.id,
      folder_id: folder?.id ?? null,
      name: doc.name,
      kind: doc.kind,
      mime: doc.mime,
      size: doc.size,
      sha256: doc.sha256,
      shared: doc.shared || folder?.shared === 1 ? 1 : 0,
      status: "queued",
      progress: 0,
      created_at: at,
      updated_at: at,
    }).execute();
    return await infoOf(tx, viewerId, doc.id, taskOf);
  });
}

/**
 * Whether a document or folder is shared after a change: what the change says, else (when it
 * moves) shared into a shared folder and private out of one, else as it was. Unshared inside a
 * shared folder is 422 `folder_shared`.
 */
export async function sharingAfter(
  tx: K,
  item: { shared: number; folder_id: string | null },
  wanted: boolean | undefined,
  moving: boolean,
  into: { shared: number } | null,
): Promise<boolean> {
  let shared = item.shared === 1;
  if (wanted !== undefined) shared = wanted;
  else if (moving) {
    const old = item.folder_id
      ? await tx.selectFrom("document_folders").select("shared")
        .where("id", "=", item.folder_id).executeTakeFirst()
      : undefined;
    if (into?.shared === 1) shared = true;
    else if (old?.shared === 1) shared = false;
  }
  if (into?.shared === 1 && !shared) throw folderShared();
  return shared;
}

/**
 * Renames, moves or shares a document: its owner only (403 `not_owner` for others who can read
 * it). Moving into a shared folder shares it; moving out of one makes it private, unless the
 * same change says `shared: true`. Unsharing it inside a shared folder is 422 `folder_shared`.
 * A folder must be the owner's own.
 */
export async function updateDocument(
  db: Db,
  viewerId: string,
  id: string,
  change: DocumentChange,
  taskOf: TaskOf = noTask,
): Promise<DocumentInfo> {
  return await db.kysely.transaction().execute(async (tx) => {
    const row = await documentAccess(tx, viewerId, id, "owner");
    const moving = change.folderId !== undefined && change.folderId !== row.folder_id;
    const folderId = change.folderId !== undefined ? change.folderId : row.folder_id;
    const folder = folderId ? await folderAccess(tx, viewerId, folderId, "owner") : null;
    const shared = await sharingAfter(tx, row, change.shared, moving, folder);
    await owned(tx, viewerId, { documents: documentNotFound }).update("documents", id, {
      ...(change.name !== undefined && { name: change.name }),
      folder_id: folderId ?? null,
      shared: shared ? 1 : 0,
      updated_at: now(),
    });
    return await infoOf(tx, viewerId, id, taskOf);
  });
}

/**
 * Deletes a document: its owner only. `cancel` (the ingestion's, `services.ingest.cancel`) is
 * awaited first, so no task writes chunks of a deleted document. The row goes (its chunks,
 * vectors, index entries and conversation links with it), then `removeVectors` drops it from
 * the in-memory vector index, then both files go.
 */
export async function deleteDocument(
  db: Db,
  paths: Pick<HearthPaths, "dataDir">,
  viewerId: string,
  id: string,
  opts: {
    cancel?: (documentId: string) => Promise<boolean>;
    /** Drops it from an in-memory vector index (`services.vectors.removeDocument`). */
    removeVectors?: (documentId: string) => void;
  } = {},
): Promise<void> {
  await documentAccess(db.kysely, viewerId, id, "owner");
  await opts.cancel?.(id);
  await db.kysely.transaction().execute(async (tx) => {
    await documentAccess(tx, viewerId, id, "owner");
    await owned(tx, viewerId, { documents: documentNotFound }).delete("documents", id);
  });
  opts.removeVectors?.(id);
  for (const file of [documentFile(paths, id), markdownFile(paths, id)]) {
    await Deno.remove(file).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
  }
}

/** A fresh document id (the upload names its file with it before the row exists). */
export function newDocumentId(): string {
  return newId();
}
