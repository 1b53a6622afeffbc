/** How an original is sent back: always an attachment, never sniffed, its name made safe. */

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
