/**
 * Sends one file as the raw body of a request through XMLHttpRequest, whose `upload.onprogress`
 * reports the bytes sent (fetch cannot), and which `abort()` stops. Used by the document
 * library's uploads and the workspace panel's (files and zips). Browser-safe; the session header
 * comes from `session.ts`.
 */
import { refreshSession } from "./session.ts";

/** Why an upload failed: the HTTP status (0: no answer) and the server's code and sentence. */
export class UploadError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** An upload under way. */
export interface Uploading<T> {
  /** The server's JSON answer; rejects with an `UploadError` (code `aborted` after `abort()`). */
  done: Promise<T>;
  abort(): void;
}

/** Starts sending `file` as the body of `method url`; `onProgress(sent, total)` follows the bytes. */
export function sendFile<T>(
  method: string,
  url: string,
  file: Blob,
  onProgress: (sent: number, total: number) => void,
): Uploading<T> {
  const xhr = new XMLHttpRequest();
  let aborted = false;
  const done = (async () => {
    const { token } = await refreshSession();
    if (aborted) throw new UploadError(0, "aborted", "");
    return await new Promise<T>((resolve, reject) => {
      xhr.open(method, url);
      xhr.setRequestHeader("X-Hearth-Session", token);
      xhr.setRequestHeader("content-type", "application/octet-stream");
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onload = () => {
        let body: { error?: { code?: string; message?: string } } = {};
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // Not JSON: a proxy answered.
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
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
