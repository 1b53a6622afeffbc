/**
 * Cookies on plain `Request`s and `Headers`, so a route reads them from `ctx.req` and writes them
 * into the headers of the very `Response` it returns: nothing is lost between a framework's
 * context and the response. Parsing and serializing are Hono's.
 */
import { type CookieOptions, parse, serialize } from "hono/utils/cookie";

export type { CookieOptions };

/** The value of cookie `name` this request carries, if any. */
export function getCookie(req: Request, name: string): string | undefined {
  const header = req.headers.get("cookie");
  return header ? parse(header, name)[name] : undefined;
}

/** Adds a `Set-Cookie` for `name` to `headers`. */
export function setCookie(
  headers: Headers,
  name: string,
  value: string,
  options: CookieOptions = {},
): void {
  headers.append("set-cookie", serialize(name, value, { path: "/", ...options }));
}

/** Adds a `Set-Cookie` that makes the browser forget `name` (same path and flags as it was set). */
export function deleteCookie(headers: Headers, name: string, options: CookieOptions = {}): void {
  setCookie(headers, name, "", { ...options, maxAge: 0 });
}

/** The names of the cookies a response sets. */
export function cookiesSet(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.slice(0, c.indexOf("=")));
}

/** Whether the request came over HTTPS (then cookies are marked `Secure`). */
export function isHttps(req: Request): boolean {
  return req.url.startsWith("https:");
}
