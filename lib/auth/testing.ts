/**
 * Test factories for auth: a household (admin + two members), JSON request bodies, and cookie
 * reading. Used by the route, guard and browser suites.
 */
import type { Db } from "../db/mod.ts";
import type { Profile } from "./types.ts";
import { createAdmin, createMember } from "./profiles.ts";

/** The admin password `seedHousehold` sets. */
export const ADMIN_PASSWORD = "correct horse battery";
/** Kid's PIN. */
export const KID_PIN = "2468";

/** Adds Kid (PIN `KID_PIN`) and Guest (no PIN) to a home that may already have its admin. */
export async function seedMembers(db: Db): Promise<{ kid: Profile; guest: Profile }> {
  const kid = await createMember(db, { name: "Kid", avatar: "🦊", pin: KID_PIN });
  const guest = await createMember(db, { name: "Guest", avatar: "🐢" });
  return { kid, guest };
}

/** Creates Ann (admin, password `ADMIN_PASSWORD`, no PIN), Kid and Guest (`seedMembers`). */
export async function seedHousehold(
  db: Db,
): Promise<{ admin: Profile; kid: Profile; guest: Profile }> {
  const admin = await createAdmin(db, { name: "Ann", password: ADMIN_PASSWORD, avatar: "🦉" });
  return { admin, ...await seedMembers(db) };
}

/** A JSON request: `fetch(path, json("POST", {...}))`. Extra headers (a cookie) may be added. */
export function json(method: string, body?: unknown, headers: HeadersInit = {}): RequestInit {
  const h = new Headers(headers);
  if (body !== undefined) h.set("content-type", "application/json");
  return { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) };
}

/** The full `Set-Cookie` header a response sets for `name`, if any. */
export function setCookieOf(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

/** `name=value` of a cookie the response sets, ready for a `cookie` header. */
export function cookieFrom(res: Response, name: string): string {
  const header = setCookieOf(res, name);
  if (!header) throw new Error(`response sets no ${name} cookie: ${res.headers.getSetCookie()}`);
  return header.split(";")[0];
}

/**
 * Picks the first profile without a PIN on a running Hearth at `baseUrl` (as a browser would),
 * for tests that open pages: send `cookie` with fetch, or give `name`/`value` to
 * `context.addCookies` in Chromium.
 */
export async function pickedDevice(
  baseUrl: string,
): Promise<{ name: string; value: string; cookie: string }> {
  const { token } = await (await fetch(`${baseUrl}/api/session`)).json();
  const headers = { "X-Hearth-Session": token };
  const { profiles } = await (await fetch(`${baseUrl}/api/profiles`, { headers })).json();
  const open = (profiles as { id: string; hasPin: boolean }[]).find((p) => !p.hasPin);
  if (!open) throw new Error("no profile without a PIN to pick");
  const res = await fetch(`${baseUrl}/api/profiles/${open.id}/select`, json("POST", {}, headers));
  await res.body?.cancel();
  const cookie = cookieFrom(res, "hearth_device");
  return { name: "hearth_device", value: cookie.slice(cookie.indexOf("=") + 1), cookie };
}
