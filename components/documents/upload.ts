/**
 * Uploads one file to the library as the raw body of `POST /api/documents?name=&folder=&shared=`
 * through XMLHttpRequest, whose `upload.onprogress` reports the bytes sent (fetch cannot), and
 * which `abort()` stops. Browser-safe; the session header comes from `lib/client/session.ts`.
 */
import { refreshSession } from "../../lib/client/session.ts";
import type { DocumentInfo } from "../../lib/documents/types.ts";

/** Why an upload failed: the HTTP status (0: no answer) and the server's code and sentence. */
export class UploadError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** Where a file goes. */
export interface UploadTarget {
  folder?: string | null;
  shared?: boolean;
}

/** An upload under way. */
export interface Uploading {
  /** The stored document (status `queued`); rejects with an `UploadError` (code `aborted` after `abort()`). */
  done: Promise<DocumentInfo>;
  abort(): void;
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
): Uploading {
  const xhr = new XMLHttpRequest();
  let aborted = false;
  const done = (async () => {
    const { token } = await refreshSession();
    if (aborted) throw new UploadError(0, "aborted", "");
    return await new Promise<DocumentInfo>((resolve, reject) => {
      xhr.open("POST", uploadUrl(file.name, target));
      xhr.setRequestHeader("X-Hearth-Session", token);
      xhr.setRequestHeader("content-type", "application/octet-stream");
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onload = () => {
        let body: { error?: { code?: string; message?: string } } & Partial<DocumentInfo> = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // Not JSON: a proxy answered.
        }
        if (xhr.status === 201) resolve(body as DocumentInfo);
        else {
          reject(
            new UploadError(
              xhr.status,
              body.error?.code ?? `http_${xhr.status}`,
              body.error?.message ?? "",
            ),
          );
        }
      };
      xhr.onerror = () => reject(new UploadError(0, "network", ""));
      xhr.onabort = () => reject(new UploadError(0, "aborted", ""));
      xhr.send(file);
    });
  })();
  return {
    done,
    abort() {
      aborted = true;
      xhr.abort();
    },
  };
}
