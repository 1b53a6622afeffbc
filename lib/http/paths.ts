/** What kind of URL a request is for: the one place that says which paths are APIs. */

/** True for `prefix` itself and anything below it (`/api` → `/api`, `/api/x`, not `/apix`). */
export function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + "/");
}

/**
 * True for machine-facing paths, which answer JSON (never pages or redirects): `/api/**`, the
 * OpenAI-compatible `/v1/**` and the `/ws` socket.
 */
export function isApiPath(path: string): boolean {
  return under(path, "/api") || under(path, "/v1") || path === "/ws";
}
