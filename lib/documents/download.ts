/** How an original is sent back: always an attachment, never sniffed, its name made safe. */
import type { HearthPaths } from "../config/paths.ts";
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { documentFile, getDocument } from "./store.ts";

/**
 * A `Content-Disposition` for `name`: `attachment`, an ASCII `filename` (anything else becomes
 * `_`, quotes and backslashes too) and the exact name as RFC 5987 `filename*`.
 */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, "_").trim() || "document";
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

/** The headers of a download of `size` bytes. */
export function downloadHeaders(name: string, mime: string, size: number): Headers {
  return new Headers({
    "content-type": mime,
    "content-length": String(size),
    "content-disposition": contentDisposition(name),
    "x-content-type-options": "nosniff",
    // One browser may switch profiles: never from a shared cache, and asked again each time.
    "cache-control": "private, no-cache",
    vary: "cookie",
  });
}

/**
 * The original of document `id` as the viewer may read it (404 otherwise), streamed from disk
 * as an attachment; for `GET /api/documents/{id}/download` and the page route
 * `/documents/{id}/download` a plain link can use.
 */
export async function documentDownload(
  services: { db: Db; paths: Pick<HearthPaths, "dataDir"> },
  viewerId: string,
  id: string,
  head: boolean,
): Promise<Response> {
  const doc = await getDocument(services.db, viewerId, id);
  const file = await Deno.open(documentFile(services.paths, doc.id), { read: true }).catch(
    (err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
      throw new HttpError(404, "document_file_missing", "The document's file is missing.");
    },
  );
  const { size } = await file.stat();
  const headers = downloadHeaders(doc.name, doc.mime, size);
  if (head) {
    file.close();
    return new Response(null, { headers });
  }
  return new Response(file.readable, { headers });
}
