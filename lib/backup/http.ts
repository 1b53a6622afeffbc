/**
 * The backup bundles over HTTP (the admin API, `routes/api/admin/(admin)/backups/`): a stored
 * bundle sent as a streamed attachment (the file is never read into memory), and an uploaded
 * bundle streamed to a temporary file in `<data>/backups/` (at most `BACKUP_UPLOAD_BYTES`: 413
 * before a byte is read when `Content-Length` says more, as soon as a chunked body passes it),
 * restored, and removed whatever happened.
 */
import type { ConfigStore } from "../config/store.ts";
import type { HearthPaths } from "../config/paths.ts";
import { privateDir } from "../config/private.ts";
import type { Db } from "../db/mod.ts";
import { contentDisposition } from "../documents/download.ts";
import { bodyToFile, refuseDeclaredOver, removeQuietly } from "../http/body_file.ts";
import { backupFile, backupsDir } from "./create.ts";
import { restoreBackup, type RestoreMode, type RestoreResult } from "./restore.ts";

/** The largest bundle an upload may be (64 GB: a bundle holds every document and workspace). */
export const BACKUP_UPLOAD_BYTES = 64 * 1024 ** 3;

/** The upload route's path (the server's body backstop lets it send that much). */
export const BACKUP_UPLOAD_PATH = "/api/admin/backups/restore";

/** A stored bundle as a streamed download. */
export async function backupDownload(dataDir: string, name: string): Promise<Response> {
  const path = await backupFile(dataDir, name);
  const file = await Deno.open(path, { read: true });
  const { size } = await file.stat();
  return new Response(file.readable, {
    headers: {
      "content-type": "application/zip",
      "content-length": String(size),
      "content-disposition": contentDisposition(name),
      "x-content-type-options": "nosniff",
      "cache-control": "no-store",
    },
  });
}

/** Receives an uploaded bundle and restores it with `mode`. */
export async function restoreUpload(
  req: Request,
  deps: { db: Db; paths: HearthPaths; config?: ConfigStore },
  mode: RestoreMode,
  limit = BACKUP_UPLOAD_BYTES,
): Promise<RestoreResult> {
  refuseDeclaredOver(req, limit);
  const dir = backupsDir(deps.paths.dataDir);
  await privateDir(dir);
  const tmp = `${dir}/.upload-${crypto.randomUUID()}.part`;
  try {
    await bodyToFile(req, tmp, limit);
    return await restoreBackup({ ...deps, file: tmp, mode });
  } finally {
    await removeQuietly(tmp);
  }
}
