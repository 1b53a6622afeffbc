/**
 * What the snapshot and zip routes call: a profile's workspace as a `SnapshotTarget` (404 for a
 * conversation not the profile's), a zip of it as a download, and a zip upload loaded into it:
 * the raw body streamed to a temp file in the store (at most `ZIP_UPLOAD_BYTES`, 413 before
 * reading when `Content-Length` says more), then, under the workspace's lock, a `zip` snapshot,
 * the load and a recount. The temp file is removed whatever happens.
 */
import { exportFileName } from "../chat/export.ts";
import { getConversation } from "../chat/store.ts";
import type { HearthPaths } from "../config/paths.ts";
import { privateDir } from "../config/private.ts";
import type { Db } from "../db/mod.ts";
import { contentDisposition } from "../documents/download.ts";
import { bodyToFile, refuseDeclaredOver } from "../http/body_file.ts";
import type { WorkspaceFiles } from "../tools/types.ts";
import { withWorkspaceLock } from "./lock.ts";
import { stagingDir } from "./objects.ts";
import { workspaceDir, workspaceStoreDir } from "./paths.ts";
import { type SnapshotTarget, takeSnapshotLocked } from "./snapshots.ts";
import { type SnapshotInfo, WORKSPACE_LIMITS } from "./types.ts";
import { countTree, ensureWorkspaceRow, roomLeft, setUsage } from "./usage.ts";
import { zipInvalid } from "./zip_read.ts";

/** The zip code (with fflate, ~11 MiB), loaded at the first zip download or upload. */
const zipCode = () => import("./zip.ts");

/** The largest zip a person may upload into a workspace. */
export const ZIP_UPLOAD_BYTES = 100 * 1024 * 1024;

/** A zip upload's path (`PUT /api/workspaces/{id}/zip`), for the app-wide body limit. */
export const ZIP_UPLOAD_PATH = /^\/api\/workspaces\/[^/]+\/zip$/;

/** The profile's workspace of `conversationId`, its row and folders made (0700). */
export async function workspaceTarget(
  deps: { db: Db; paths: Pick<HearthPaths, "dataDir"> },
  profileId: string,
  conversationId: string,
): Promise<SnapshotTarget> {
  await ensureWorkspaceRow(deps.db.kysely, profileId, conversationId);
  const target: SnapshotTarget = {
    db: deps.db.kysely,
    profileId,
    conversationId,
    root: workspaceDir(deps.paths, conversationId),
    store: workspaceStoreDir(deps.paths, conversationId),
  };
  await privateDir(target.root);
  await privateDir(target.store);
  return target;
}

/**
 * The snapshot target of an open workspace (the ws helper's `Workspace`, or any `WorkspaceFiles`),
 * for the agent's snapshot before a turn's first change:
 * `takeSnapshot(snapshotTargetOf(deps, ws), { reason: "turn", messageId })`.
 */
export function snapshotTargetOf(
  deps: { db: Db; paths: Pick<HearthPaths, "dataDir"> },
  ws: Pick<WorkspaceFiles, "profileId" | "conversationId" | "root">,
): SnapshotTarget {
  return {
    db: deps.db.kysely,
    profileId: ws.profileId,
    conversationId: ws.conversationId,
    root: ws.root,
    store: workspaceStoreDir(deps.paths, ws.conversationId),
  };
}

/**
 * The profile's workspace of `conversationId` as a streamed zip attachment named after the
 * conversation. Not under the lock (a download may take long): a file changed meanwhile may
 * be zipped as it was or as it is.
 */
export async function zipDownload(
  deps: { db: Db; paths: Pick<HearthPaths, "dataDir"> },
  profileId: string,
  conversationId: string,
): Promise<Response> {
  const conversation = await getConversation(deps.db.kysely, profileId, conversationId);
  const target = await workspaceTarget(deps, profileId, conversationId);
  const { zipWorkspace } = await zipCode();
  return new Response(zipWorkspace(target.root), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": contentDisposition(exportFileName(conversation, "zip")),
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      vary: "cookie",
    },
  });
}

/** The zip body to `path` (64 KB writes, at most `limit` bytes: 413 before or while reading). */
async function receive(req: Request, path: string, limit: number): Promise<void> {
  refuseDeclaredOver(req, limit);
  if (!req.body) throw zipInvalid();
  await bodyToFile(req, path, limit);
}

/**
 * Loads the zip in `req`'s body into the workspace: answers what it unpacked and the snapshot
 * taken just before (the way back). Takes the workspace's lock.
 */
export async function receiveZip(
  target: SnapshotTarget,
  req: Request,
  limit = ZIP_UPLOAD_BYTES,
): Promise<{ files: number; bytes: number; snapshot: SnapshotInfo }> {
  await privateDir(stagingDir(target.store));
  const temp = `${stagingDir(target.store)}/upload-${crypto.randomUUID()}.zip`;
  try {
    await receive(req, temp, limit);
    return await withWorkspaceLock(target.conversationId, async () => {
      const { db, profileId, conversationId } = target;
      const { manifest, ...snapshot } = await takeSnapshotLocked(target, { reason: "zip" });
      // Counted as if nothing were replaced: the zip's whole size must fit in the room left.
      const room = await roomLeft(db, profileId);
      try {
        const { loadZip } = await zipCode();
        const loaded = await loadZip(temp, target.root, {
          room,
          staging: stagingDir(target.store),
          // Counted as if nothing were replaced, like the bytes.
          entries: WORKSPACE_LIMITS.entries - manifest.entries.length,
        });
        return { ...loaded, snapshot };
      } finally {
        await setUsage(db, profileId, conversationId, await countTree(target.root));
      }
    });
  } finally {
    await Deno.remove(temp).catch(() => {});
  }
}
