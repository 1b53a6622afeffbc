/**
 * Where a browser without a profile may go, and where it goes after picking one. Pure functions:
 * the root middleware applies them and the tests pin every case.
 */
import { isApiPath } from "../http/paths.ts";

/** Pages a browser without a profile may open: the picker, the admin login, offline, setup. */
const OPEN_PAGES = [
  /^\/profiles\/?$/,
  /^\/admin\/login\/?$/,
  /^\/offline\/?$/,
  /^\/setup/,
  /^\/trust(\/|$)/,
  // A sandboxed preview is opened by its signed token, whoever (or no one) is signed in.
  /^\/preview\//,
];

/**
 * Whether a request is for a page that needs a picked profile: GET/HEAD, not the API, not an
 * open page, not a file (build assets, `sw.js`, the manifest).
 */
export function pageNeedsProfile(method: string, pathname: string): boolean {
  if (method !== "GET" && method !== "HEAD") return false;
  if (isApiPath(pathname)) return false;
  if (pathname.startsWith("/_hearth/")) return false;
  if (OPEN_PAGES.some((re) => re.test(pathname))) return false;
  const last = pathname.slice(pathname.lastIndexOf("/") + 1);
  return !/\.[A-Za-z0-9]+$/.test(last);
}

/**
 * A same-site path to go on to, from an untrusted `next` value; `fallback` for anything else
 * (absolute URLs, `//host`, `/\host`, control characters), so it is never an open redirect.
 */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return fallback;
  }
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  return next;
}

/** The picker's URL for a request to `url`: `/profiles?next=/where/it/was`. */
export function pickerUrl(url: URL): string {
  const here = url.pathname + url.search;
  return here === "/" ? "/profiles" : `/profiles?next=${encodeURIComponent(here)}`;
}
