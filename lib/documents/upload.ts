/**
 * Receiving a document: the request's raw body goes to `<data>/documents/.tmp-<id>` in 64 KB
 * writes as it arrives (lib/http/body_file.ts, shared with the workspace's uploads), never
 * buffered whole, counted (413 `body_too_large` before a byte is
 * read when `Content-Length` says too much, as soon as the count passes the cap for a chunked
 * body) and hashed (sha256) on the way. Only a complete file is typed (`sniff.ts`, by content),
 * renamed to `<data>/documents/<id>` and stored as a `queued` row; any failure (too large, the
 * client gone, an unknown type, a refused folder) removes the partial file, so nothing is left
 * half-made. Files are named by id only: the name a person gave is kept as text in the row.
 */
import type { HearthPaths } from "../config/paths.ts";
import { privateDir } from "../config/private.ts";
import type { Db } from "../db/mod.ts";
import { bodyToFile, refuseDeclaredOver, removeQuietly } from "../http/body_file.ts";
import { HttpError } from "../http/errors.ts";
import { safeFileName } from "./schemas.ts";
import { sniffFile } from "./sniff.ts";
import {
  checkUploadFolder,
  createDocument,
  documentFile,
  documentsDir,
  newDocumentId,
  type TaskOf,
} from "./store.ts";
import { type DocumentInfo, MAX_DOCUMENT_BYTES } from "./types.ts";

/** The prefix of a file still arriving. */
export const TEMP_PREFIX = ".tmp-";

/** What an upload says besides its bytes (`POST /api/documents?name=&folder=&shared=`). */
export interface UploadInput {
  name: string;
  folder?: string | null;
  shared?: boolean;
}

/**
 * Makes `<data>/documents` (0700) and checks that it really is inside the data folder (not a
 * symlink out of it); answers its real path.
 */
export async function ensureDocumentsDir(paths: Pick<HearthPaths, "dataDir">): Promise<string> {
  const dir = documentsDir(paths);
  await privateDir(dir);
  const [data, docs] = await Promise.all([Deno.realPath(paths.dataDir), Deno.realPath(dir)]);
  if (!docs.startsWith(`${data.replace(/\/+$/, "")}/`)) {
    throw new HttpError(
      500,
      "documents_dir_outside",
      "The documents folder is not inside Hearth's data folder.",
    );
  }
  return docs;
}

/**
 * Receives one upload for `viewerId`: streams it to disk, types it by content, stores the row
 * (status `queued`) and answers it. `limit` is the cap in bytes (default 100 MB; tests pass a
 * smaller one). Errors: 413 `body_too_large`, 415 `unsupported_type`, 422 `empty_file`,
 * 404 `folder_not_found` / 403 `not_owner` for a folder that is not the viewer's own.
 */
export async function receiveUpload(
  db: Db,
  paths: Pick<HearthPaths, "dataDir">,
  viewerId: string,
  req: Request,
  input: UploadInput,
  opts: { limit?: number; taskOf?: TaskOf } = {},
): Promise<DocumentInfo> {
  const limit = opts.limit ?? MAX_DOCUMENT_BYTES;
  if (/^multipart\/form-data\b/i.test(req.headers.get("content-type") ?? "")) {
    // A form would be stored as its boundaries and fields: the body must be the file itself.
    req.body?.cancel().catch(() => {});
    throw new HttpError(
      415,
      "upload_not_raw",
      "Send the file itself as the request body, not a form.",
    );
  }
  refuseDeclaredOver(req, limit);
  const name = safeFileName(input.name);
  try {
    // Refuse a wrong folder before a byte is read.
    await checkUploadFolder(db, viewerId, input.folder);
  } catch (err) {
    req.body?.cancel().catch(() => {});
    throw err;
  }
  const dir = await ensureDocumentsDir(paths);
  const id = newDocumentId();
  const temp = `${dir}/${TEMP_PREFIX}${id}`;
  const final = documentFile(paths, id);
  let placed = false;
  try {
    const { size, sha256 } = await bodyToFile(req, temp, limit, { hash: true });
    const { kind, mime } = await sniffFile(temp, size, name);
    await Deno.rename(temp, final);
    placed = true;
    return await createDocument(db, viewerId, {
      id,
      name,
      kind,
      mime,
      size,
      sha256: sha256!,
      folderId: input.folder ?? null,
      shared: input.shared ?? false,
    }, opts.taskOf);
  } catch (err) {
    if (!req.bodyUsed) req.body?.cancel().catch(() => {});
    await removeQuietly(temp);
    if (placed) await removeQuietly(final);
    throw err;
  }
}

/**
 * Removes uploads a crash or a kill left half-written (`.tmp-*` older than `olderThanMs`), so
 * they do not fill the disk. Answers how many went.
 */
export async function removeStaleUploads(
  paths: Pick<HearthPaths, "dataDir">,
  olderThanMs = 60 * 60 * 1000,
  now = Date.now(),
): Promise<number> {
  const dir = documentsDir(paths);
  let removed = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      if (!entry.isFile || !entry.name.startsWith(TEMP_PREFIX)) continue;
      const path = `${dir}/${entry.name}`;
      const { mtime } = await Deno.stat(path);
      if (mtime && now - mtime.getTime() < olderThanMs) continue;
      await removeQuietly(path);
      removed++;
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return removed;
}
