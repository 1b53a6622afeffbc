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

// Whitespace and control characters: the URL parser drops tabs and newlines (`/\t/evil.test` →
// `//evil.test`), and a header cannot carry them.
function hasUnsafeChars(text: string): boolean {
  if (/\s/.test(text)) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * `target` when it is a path on `origin` (a single leading `/`, no `\`, no whitespace or control
 * characters, and still on `origin` once resolved), else `fallback`: a redirect a form asks for
 * never leaves the site. The path comes back as the URL parser normalizes it.
 */
export function sameOriginPath(target: unknown, origin: string, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//")) {
    return fallback;
  }
  if (target.includes("\\") || hasUnsafeChars(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  return url.pathname + url.search + url.hash;
}

/**
 * A path as the request log writes it: a calendar subscription's token (`/ics/{token}.ics`, the
 * credential itself) is left out, so the log opens no calendar.
 */
export function loggedPath(path: string): string {
  return under(path, "/ics") ? "/ics/…" : path;
}
