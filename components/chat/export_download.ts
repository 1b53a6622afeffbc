/**
 * A conversation's export saved as a file: fetched with the session header (the API needs it, so
 * a plain link cannot), then handed to the browser as a download under the server's file name.
 */
import { apiError } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";

/** Fetches `path` and saves it under the name its `Content-Disposition` gives. */
export async function download(path: string): Promise<void> {
  const res = await apiFetch(path);
  if (!res.ok) throw await apiError(res);
  const disposition = res.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "conversation";
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
