/**
 * The two auth cookies and their flags. Both are httpOnly (no script reads them). The device
 * cookie is SameSite=Lax so a link from elsewhere still opens the app signed in; the admin cookie
 * is SameSite=Strict and lasts 8 hours. Setters write into the headers of the response a route
 * returns; plain HTTP on the LAN is the norm, so `Secure` is set whenever the request was HTTPS.
 */
import {
  type CookieOptions,
  deleteCookie,
  getCookie,
  isHttps,
  setCookie,
} from "../http/cookies.ts";
import { ADMIN_COOKIE, ADMIN_SESSION_MS } from "./admin_sessions.ts";
import { DEVICE_COOKIE, DEVICE_MAX_AGE_S } from "./devices.ts";

const device = (req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: "Lax",
  secure: isHttps(req),
});
const admin = (req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: "Strict",
  secure: isHttps(req),
});

/** The device token this request carries, if any. */
export function deviceCookie(req: Request): string | undefined {
  return getCookie(req, DEVICE_COOKIE);
}

/** The admin token this request carries, if any. */
export function adminCookie(req: Request): string | undefined {
  return getCookie(req, ADMIN_COOKIE);
}

/** Sets the device cookie: httpOnly, SameSite=Lax, Path=/, one year. */
export function setDeviceCookie(headers: Headers, req: Request, token: string): void {
  setCookie(headers, DEVICE_COOKIE, token, { ...device(req), maxAge: DEVICE_MAX_AGE_S });
}

/** Sets the admin cookie: httpOnly, SameSite=Strict, Path=/, 8 hours. */
export function setAdminCookie(headers: Headers, req: Request, token: string): void {
  setCookie(headers, ADMIN_COOKIE, token, { ...admin(req), maxAge: ADMIN_SESSION_MS / 1000 });
}

/** Tells the browser to forget the device cookie. */
export function clearDeviceCookie(headers: Headers, req: Request): void {
  deleteCookie(headers, DEVICE_COOKIE, device(req));
}

/** Tells the browser to forget the admin cookie. */
export function clearAdminCookie(headers: Headers, req: Request): void {
  deleteCookie(headers, ADMIN_COOKIE, admin(req));
}
