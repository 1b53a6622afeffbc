/**
 * The library's folders: nested (at most 16 deep, no cycles), private or shared. Sharing follows
 * the folders (`sharingAfter` in `store.ts`, `access.ts`); deleting a folder never deletes a
 * document: its documents and folders move up to its parent, keeping their sharing.
 */
import { sql } from "kysely";
import type { Db } from "../db/mod.ts";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import { HttpError } from "../http/errors.ts";
import { folderAccess, readableFolders } from "./access.ts";
import { DOCUMENT_LIMITS, type FolderChange, type NewFolder } from "./schemas.ts";
import { folderShared, type K, now, sharingAfter } from "./store.ts";
import type { FolderInfo } from "./types.ts";

function toFolder(
  r: {
    id: string;
    profile_id: string;
    name: string;
    shared: number;
    created_at: string;
    visible_parent: string | null;
  },
  viewerId: string,
): FolderInfo {
  return {
    id: r.id,
    name: r.name,
    parentId: r.visible_parent ?? null,
    shared: r.shared === 1,
    mine: r.profile_id === viewerId,
    createdAt: r.created_at,
  };
}

function folderQuery(db: K, viewerId: string) {
  return readableFolders(db, viewerId)
    .leftJoin(
      "document_folders as vp",
      (join) =>
        join.onRef("vp.id", "=", "document_folders.parent_id").on((eb) =>
          eb.or([eb("vp.profile_id", "=", viewerId), eb("vp.shared", "=", 1)])
        ),
    )
    .select([
      "document_folders.id",
      "document_folders.profile_id",
      "document_folders.name",
      "document_folders.shared",
      "document_folders.created_at",
      "vp.id as visible_parent",
    ]);
}

async function folderInfo(db: K, viewerId: string, id: string): Promise<FolderInfo> {
  const row = await folderQuery(db, viewerId).where("document_folders.id", "=", id)
    .executeTakeFirstOrThrow();
  return toFolder(row, viewerId);
}

/**
 * The folders `viewerId` may read (its own and shared ones), by name. A folder whose parent the
 * viewer cannot read shows at the root (`parentId` null).
 */
export async function listFolders(db: Db, viewerId: string): Promise<FolderInfo[]> {
  const rows = await folderQuery(db.kysely, viewerId).orderBy("document_folders.name")
    .orderBy("document_folders.id").execute();
  return rows.map((r) => toFolder(r, viewerId));
}

/** How deep `id` sits: 1 for a folder at the root. */
async function depthOf(db: K, id: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH RECURSIVE up(id, parent_id, n) AS (
      SELECT id, parent_id, 1 FROM document_folders WHERE id = ${id}
      UNION ALL SELECT f.id, f.parent_id, up.n + 1 FROM document_folders f
        JOIN up ON f.id = up.parent_id WHERE up.n < 1000)
    SELECT max(n) AS n FROM up`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** `id` and every folder below it, with how far below (0 for `id`). */
async function subtree(db: K, id: string): Promise<{ id: string; depth: number }[]> {
  const { rows } = await sql<{ id: string; depth: number }>`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM document_folders WHERE id = ${id}
      UNION ALL SELECT f.id, down.depth + 1 FROM document_folders f
        JOIN down ON f.parent_id = down.id WHERE down.depth < 1000)
    SELECT id, depth FROM down`.execute(db);
  return rows.map((r) => ({ id: r.id, depth: Number(r.depth) }));
}

function tooDeep(): HttpError {
  return new HttpError(
    422,
    "folder_too_deep",
    `Folders nest at most ${DOCUMENT_LIMITS.depth} deep.`,
    {},
    { max: DOCUMENT_LIMITS.depth },
  );
}

/**
 * Makes a folder for `viewerId`, at the root or in one of its own folders. Inside a shared
 * folder it is shared (`shared: false` there is 422 `folder_shared`).
 */
export async function createFolder(
  db: Db,
  viewerId: string,
  input: NewFolder,
): Promise<FolderInfo> {
  return await db.kysely.transaction().execute(async (tx) => {
    const mine = owned(tx, viewerId);
    const { n } = await mine.selectFrom("document_folders")
      .select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    if (Number(n) >= DOCUMENT_LIMITS.folders) {
      throw new HttpError(
        422,
        "too_many_folders",
        `A profile can have at most ${DOCUMENT_LIMITS.folders} folders; delete one first.`,
        {},
        { max: DOCUMENT_LIMITS.folders },
      );
    }
    const parent = input.parentId
      ? await folderAccess(tx, viewerId, input.parentId, "owner")
      : null;
    if (parent && await depthOf(tx, parent.id) + 1 > DOCUMENT_LIMITS.depth) throw tooDeep();
    if (parent?.shared === 1 && input.shared === false) throw folderShared();
    const at = now();
    const id = newId();
    await mine.insertInto("document_folders", {
      id,
      parent_id: parent?.id ?? null,
      name: input.name,
      shared: parent?.shared === 1 || input.shared ? 1 : 0,
      created_at: at,
      updated_at: at,
    }).execute();
    return await folderInfo(tx, viewerId, id);
  });
}

/**
 * Renames, moves or shares a folder: its owner only. A folder cannot move into itself or below
 * itself (422 `folder_cycle`). Its sharing follows the rules of `updateDocument`, and whatever
 * it becomes, everything inside it (folders and documents, at any depth) becomes too.
 */
export async function updateFolder(
  db: Db,
  viewerId: string,
  id: string,
  change: FolderChange,
): Promise<FolderInfo> {
  return await db.kysely.transaction().execute(async (tx) => {
    const folder = await folderAccess(tx, viewerId, id, "owner");
    const moving = change.parentId !== undefined && change.parentId !== folder.parent_id;
    const parentId = change.parentId !== undefined ? change.parentId : folder.parent_id;
    const parent = parentId ? await folderAccess(tx, viewerId, parentId, "owner") : null;
    const below = await subtree(tx, id);
    if (moving && parent) {
      if (below.some((f) => f.id === parent.id)) {
        throw new HttpError(422, "folder_cycle", "A folder cannot move into itself.");
      }
      const height = Math.max(...below.map((f) => f.depth));
      if (await depthOf(tx, parent.id) + 1 + height > DOCUMENT_LIMITS.depth) throw tooDeep();
    }
    const shared = await sharingAfter(
      tx,
      { shared: folder.shared, folder_id: folder.parent_id },
      change.shared,
      moving,
      parent,
    );
    const at = now();
    await owned(tx, viewerId).updateTable("document_folders", {
      ...(change.name !== undefined && { name: change.name }),
      parent_id: parentId ?? null,
      shared: shared ? 1 : 0,
      updated_at: at,
    }).where("id", "=", id).execute();
    if (shared !== (folder.shared === 1) || moving) {
      const ids = below.map((f) => f.id);
      const value = shared ? 1 : 0;
      for (let i = 0; i < ids.length; i += 500) {
        const part = ids.slice(i, i + 500);
        await owned(tx, viewerId).updateTable("document_folders", { shared: value })
          .where("id", "in", part).where("shared", "!=", value).execute();
        await owned(tx, viewerId).updateTable("documents", { shared: value, updated_at: at })
          .where("folder_id", "in", part).where("shared", "!=", value).execute();
      }
    }
    return await folderInfo(tx, viewerId, id);
  });
}

/**
 * Deletes a folder: its owner only. Its documents and folders move up to its parent (the root
 * when it had none) and keep their sharing; no document is ever deleted with a folder.
 */
export async function deleteFolder(db: Db, viewerId: string, id: string): Promise<void> {
  await db.kysely.transaction().execute(async (tx) => {
    const folder = await folderAccess(tx, viewerId, id, "owner");
    const mine = owned(tx, viewerId);
    await mine.updateTable("documents", { folder_id: folder.parent_id })
      .where("folder_id", "=", id).execute();
    await mine.updateTable("document_folders", { parent_id: folder.parent_id })
      .where("parent_id", "=", id).execute();
    await mine.delete("document_folders", id);
  });
}
