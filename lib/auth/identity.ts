/**
 * Who a request acts for. A profile is named by a credential the request carries; today that is
 * the device cookie. API keys (`Authorization: Bearer …`, a later issue) plug in as one more
 * `ProfileSource` in `PROFILE_SOURCES`: they produce the same `Identity`, so every route makes
 * the same decision for a key as for a device cookie.
 */
import type { Db } from "../db/mod.ts";
import { isAdminSession } from "./admin_sessions.ts";
import { adminCookie, deviceCookie } from "./cookies.ts";
import { resolveDevice } from "./devices.ts";
import type { Profile } from "./types.ts";

/** What a source found on a request. */
export type SourceResult =
  /** The request carries no credential of this kind. */
  | { kind: "absent" }
  /** It carries one, but it names nothing live (unknown, revoked, malformed). */
  | { kind: "invalid" }
  /** It names a live profile. */
  | { kind: "profile"; profile: Profile; deviceId?: string };

/** One way a request can name its profile. */
export interface ProfileSource {
  /** Short name, reported as `Identity.via`. */
  name: string;
  resolve(req: Request, db: Db, now: Date): Promise<SourceResult>;
}

/** The `hearth_device` cookie a browser got when it picked a profile. */
export const deviceCookieSource: ProfileSource = {
  name: "device",
  async resolve(req, db, now) {
    const token = deviceCookie(req);
    if (token === undefined) return { kind: "absent" };
    const device = await resolveDevice(db, token, now);
    return device
      ? { kind: "profile", profile: device.profile, deviceId: device.deviceId }
      : { kind: "invalid" };
  },
};

/** The sources, tried in order; the first that names a profile wins. */
export const PROFILE_SOURCES: ProfileSource[] = [deviceCookieSource];

/** What the auth middleware learned about a request. */
export interface Identity {
  profile?: Profile;
  /** Which source named the profile. */
  via?: string;
  /** The device row behind the profile, when a device cookie named it. */
  deviceId?: string;
  /** Sources whose credential named nothing live (their cookies should be cleared). */
  invalid: string[];
  /** Whether the request carries a live admin login. */
  admin: boolean;
  /** An admin cookie that is expired, revoked or unknown. */
  staleAdmin: boolean;
}

/** Resolves the request's profile and admin login at `now`. */
export async function identify(
  req: Request,
  db: Db,
  now: Date,
  sources: ProfileSource[] = PROFILE_SOURCES,
): Promise<Identity> {
  const identity: Identity = { invalid: [], admin: false, staleAdmin: false };
  for (const source of sources) {
    const result = await source.resolve(req, db, now);
    if (result.kind === "invalid") identity.invalid.push(source.name);
    if (result.kind === "profile" && !identity.profile) {
      identity.profile = result.profile;
      identity.via = source.name;
      identity.deviceId = result.deviceId;
    }
  }
  const admin = adminCookie(req);
  if (admin !== undefined) {
    identity.admin = await isAdminSession(db, admin, now);
    identity.staleAdmin = !identity.admin;
  }
  return identity;
}
