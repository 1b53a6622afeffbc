/**
 * The two auth cookies and their flags. Both are httpOnly (no script reads them). The device
 * cookie is SameSite=Lax so a link from elsewhere still opens the app signed in; the admin cookie
 * is SameSite=Strict and lasts 8 hours.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { ADMIN_COOKIE, ADMIN_SESSION_MS } from "./admin_sessions.ts";
import { DEVICE_COOKIE, DEVICE_MAX_AGE_S } from "./devices.ts";

// Plain HTTP on the LAN is the norm; mark cookies Secure whenever the request came over HTTPS.
const secure = (c: Context) => new URL(c.req.url).protocol === "https:";

/** The device token this request carries, if any. */
export function deviceCookie(c: Context): string | undefined {
  return getCookie(c, DEVICE_COOKIE);
}

/** The admin token this request carries, if any. */
export function adminCookie(c: Context): string | undefined {
  return getCookie(c, ADMIN_COOKIE);
}

/** Sets the device cookie: httpOnly, SameSite=Lax, Path=/, one year. */
export function setDeviceCookie(c: Context, token: string): void {
  setCookie(c, DEVICE_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    maxAge: DEVICE_MAX_AGE_S,
    secure: secure(c),
  });
}

/** Sets the admin cookie: httpOnly, SameSite=Strict, Path=/, 8 hours. */
export function setAdminCookie(c: Context, token: string): void {
  setCookie(c, ADMIN_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    maxAge: ADMIN_SESSION_MS / 1000,
    secure: secure(c),
  });
}

/** Tells the browser to forget the device cookie. */
export function clearDeviceCookie(c: Context): void {
  deleteCookie(c, DEVICE_COOKIE, { path: "/", httpOnly: true, sameSite: "Lax", secure: secure(c) });
}

/** Tells the browser to forget the admin cookie. */
export function clearAdminCookie(c: Context): void {
  deleteCookie(c, ADMIN_COOKIE, {
    path: "/",
    httpOnly: true,
    sameSite: "Strict",
    secure: secure(c),
  });
}
