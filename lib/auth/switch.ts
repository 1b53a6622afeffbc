/**
 * A browser changing hands: switching to another profile, or signing the device out, ends the
 * admin login it carries (server-side, in the same request), so the next person on the device
 * is never the admin by accident.
 */
import type { Db } from "../db/mod.ts";
import { revokeAdminSession } from "./admin_sessions.ts";
import { adminCookie, clearAdminCookie, clearDeviceCookie, deviceCookie } from "./cookies.ts";
import { revokeDeviceToken } from "./devices.ts";
import type { Profile } from "./types.ts";

/**
 * Whether picking `next` on a browser that uses `current` ends its admin login: always, unless
 * it stays with the same profile, or a browser without a profile picks the admin's own (the
 * admin who logged in from the picker, then picked their profile).
 */
export function switchEndsAdmin(current: Profile | undefined, next: Profile): boolean {
  if (current) return current.id !== next.id;
  return !next.isAdmin;
}

/** Ends the admin login `req` carries, if any, and clears its cookie in `headers`. */
export async function endAdminLogin(
  db: Db,
  req: Request,
  headers: Headers,
  now: Date,
): Promise<void> {
  const token = adminCookie(req);
  if (token === undefined) return;
  await revokeAdminSession(db, token, now);
  clearAdminCookie(headers, req);
}

/** "Sign this device out": revokes its device and its admin login, and clears both cookies. */
export async function signOutDevice(
  db: Db,
  req: Request,
  headers: Headers,
  now: Date,
): Promise<void> {
  await revokeDeviceToken(db, deviceCookie(req), now);
  clearDeviceCookie(headers, req);
  await endAdminLogin(db, req, headers, now);
}
