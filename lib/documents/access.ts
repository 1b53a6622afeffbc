/**
 * Who may do what with a document or a folder of the library: the ONE place that decides, the
 * way `lib/lists/access.ts` does for lists. A document or folder is its owner's (`profile_id`);
 * a shared one (`shared = 1`) is also the household's to read:
 *
 * | need    | owner | another profile, shared | another profile, private   |
 * | ------- | ----- | ----------------------- | -------------------------- |
 * | `read`  | yes   | yes                     | 404 (as a missing id)      |
 * | `owner` | yes   | 403 `not_owner`         | 404 (as a missing id)      |
 *
 * `shared` on a row is what counts (the search index's triggers read it too, migration 0018),
 * and the store keeps it true to the folders: everything inside a shared folder, at any depth,
 * is shared; moving a document or folder into a shared folder shares it, moving it out of one
 * makes it private again; sharing or unsharing a folder does the same to everything inside.
 *
 * A limited profile (lib/limits/) reads only the documents its limits name: the others are left
 * out of every list, search and retrieval (`readableDocuments`), and asked for directly they are
 * refused with 403 `limit_document` (`documentAccess`, `refuseDocument` in lib/limits/use.ts).
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, DocumentFoldersTable, DocumentsTable } from "../db/schema.ts";
import { HttpError } from "../http/errors.ts";
import { documentAllowed } from "../limits/sql.ts";

type DB = Kysely<Database> | Transaction<Database>;

/** What a caller wants to do: read it, or change/move/share/delete it (its owner only). */
export type DocumentNeed = "read" | "owner";

/** The 404 of a missing document, and of another profile's private one. */
export function documentNotFound(): HttpError {
  return new HttpError(404, "document_not_found", "No such document.");
}

/** The 404 of a missing folder, and of another profile's private one. */
export function folderNotFound(): HttpError {
  return new HttpError(404, "folder_not_found", "No such folder.");
}

/** The 403 for someone who may read it but not change it. */
export function notOwner(): HttpError {
  return new HttpError(403, "not_owner", "Only the one who added it can change or delete it.");
}

/** Whether `profileId` may do `need` with `row`: "yes", "hidden" (404) or "owner_only" (403). */
export function decide(
  row: { profile_id: string; shared: number },
  profileId: string,
  need: DocumentNeed,
): "yes" | "hidden" | "owner_only" {
  if (row.profile_id === profileId) return "yes";
  if (row.shared !== 1) return "hidden";
  return need === "owner" ? "owner_only" : "yes";
}

function verdict<T extends { profile_id: string; shared: number }>(
  row: T | undefined,
  profileId: string,
  need: DocumentNeed,
  missing: () => HttpError,
): T {
  const v = row ? decide(row, profileId, need) : "hidden";
  if (v === "hidden") throw missing();
  if (v === "owner_only") throw notOwner();
  return row!;
}

/**
 * The document `id` if `profileId` may do `need` with it; otherwise 404 `document_not_found`
 * (missing, or someone else's private one) or 403 `not_owner`. Inside a transaction, pass it.
 */
export async function documentAccess(
  db: DB,
  profileId: string,
  id: string,
  need: DocumentNeed,
): Promise<Selectable<DocumentsTable>> {
  const row = await db.selectFrom("documents").selectAll().where("id", "=", id)
    .executeTakeFirst();
  const doc = verdict(row, profileId, need, documentNotFound);
  const allowed = await db.selectFrom("documents").select("id").where("id", "=", id)
    .where(documentAllowed(profileId)).executeTakeFirst();
  if (!allowed) {
    throw new HttpError(
      403,
      "limit_document",
      `This profile may not use the document ${doc.name}. Ask the admin if you need it.`,
      {},
      { name: doc.name },
    );
  }
  return doc;
}

/** The folder `id` if `profileId` may do `need` with it; else 404 `folder_not_found` or 403. */
export async function folderAccess(
  db: DB,
  profileId: string,
  id: string,
  need: DocumentNeed,
): Promise<Selectable<DocumentFoldersTable>> {
  const row = await db.selectFrom("document_folders").selectAll().where("id", "=", id)
    .executeTakeFirst();
  return verdict(row, profileId, need, folderNotFound);
}

/** The documents `profileId` may read: its own and every shared one (of a limited profile's). */
export function readableDocuments(db: DB, profileId: string) {
  return db.selectFrom("documents").where((eb) =>
    eb.or([eb("documents.profile_id", "=", profileId), eb("documents.shared", "=", 1)])
  ).where(documentAllowed(profileId));
}

/** The folders `profileId` may read: its own and every shared one. */
export function readableFolders(db: DB, profileId: string) {
  return db.selectFrom("document_folders").where((eb) =>
    eb.or([
      eb("document_folders.profile_id", "=", profileId),
      eb("document_folders.shared", "=", 1),
    ])
  );
}
