/**
 * Uploads one file to the library as the raw body of `POST /api/documents?name=&folder=&shared=`
 * (`sendFile` of `lib/client/upload.ts`: progress and abort). Browser-safe.
 */
import { sendFile, type Uploading } from "../../lib/client/upload.ts";
import type { DocumentInfo } from "../../lib/documents/types.ts";

export { UploadError } from "../../lib/client/upload.ts";

/** Where a file goes. */
export interface UploadTarget {
  folder?: string | null;
  shared?: boolean;
}

/** The upload URL for `name` into `target`. */
export function uploadUrl(name: string, target: UploadTarget): string {
  const q = new URLSearchParams({ name });
  if (target.folder) q.set("folder", target.folder);
  if (target.shared) q.set("shared", "1");
  return `/api/documents?${q}`;
}

/** Starts uploading `file`; `onProgress(sent, total)` follows the bytes. */
export function uploadDocument(
  file: File,
  target: UploadTarget,
  onProgress: (sent: number, total: number) => void,
): Uploading<DocumentInfo> {
  return sendFile("POST", uploadUrl(file.name, target), file, onProgress);
}
