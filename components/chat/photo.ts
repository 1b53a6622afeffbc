/**
 * Photos in the browser: shown photos come through `apiFetch` (an `<img src>` cannot send the
 * session header) as blob URLs, one per photo. Re-encoding and uploading (`photo_upload.ts`) load
 * when a person first picks a photo, so the chat page does not carry them.
 */
import { apiError } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";

/** Removes a photo that was not sent (best effort: the server drops it after a day anyway). */
export function discardPhoto(id: string): void {
  apiFetch(`/api/chat/attachments/${encodeURIComponent(id)}`, { method: "DELETE" })
    .catch(() => {});
}

const urls = new Map<string, Promise<string>>();

/** A blob URL of a stored photo, fetched once per page. */
export function photoUrl(id: string): Promise<string> {
  let url = urls.get(id);
  if (!url) {
    url = apiFetch(`/api/chat/attachments/${encodeURIComponent(id)}`).then(async (res) => {
      if (!res.ok) throw await apiError(res);
      return URL.createObjectURL(await res.blob());
    });
    url.catch(() => urls.delete(id));
    urls.set(id, url);
  }
  return url;
}

/** Remembers the local blob URL of a photo just uploaded, so its bubble needs no download. */
export function rememberPhoto(id: string, url: string): void {
  urls.set(id, Promise.resolve(url));
}
