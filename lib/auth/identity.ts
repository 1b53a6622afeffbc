/**
 * Who a request acts for. A profile is named by a credential the request carries: the device
 * cookie, or an API key (`Authorization: Bearer hth_…`). Both are a `ProfileSource` in
 * `PROFILE_SOURCES` and produce the same `Identity`, so every route makes the same decision for a
 * key as for a device cookie. A key, right or wrong, is the request's only credential: its
 * cookies (device and admin) are not read, so a key never borrows a browser's login.
 */
import type { Db } from "../db/mod.ts";
import { bearerToken } from "../http/bearer.ts";
import { isAdminSession } from "./admin_sessions.ts";
import { type KeyScope, misplacedKey, resolveKey } from "./api_keys.ts";
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
  | {
    kind: "profile";
    profile: Profile;
    deviceId?: string;
    /** The API key that named it. */
    apiKey?: { id: string; scope: KeyScope };
  };

/** One way a request can name its profile. */
export interface ProfileSource {
  /** Short name, reported as `Identity.via`. */
  name: string;
  /**
   * When this source finds its credential (live or not), no other source is asked and the admin
   * cookie is not read: the request acts through this credential alone.
   */
  exclusive?: boolean;
  resolve(req: Request, db: Db, now: Date): Promise<SourceResult>;
}

/**
 * `Authorization: Bearer hth_…`: a profile's API key. Any Bearer token is taken as a key, so a
 * wrong one is `invalid` (401), never a reason to fall back to the cookies.
 */
export const apiKeySource: ProfileSource = {
  name: "api_key",
  exclusive: true,
  async resolve(req, db, now) {
    const token = bearerToken(req);
    if (token === null) return { kind: "absent" };
    const key = await resolveKey(db, token, now);
    return key
      ? { kind: "profile", profile: key.profile, apiKey: { id: key.id, scope: key.scope } }
      : { kind: "invalid" };
  },
};

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
export const PROFILE_SOURCES: ProfileSource[] = [apiKeySource, deviceCookieSource];

/** What the auth middleware learned about a request. */
export interface Identity {
  profile?: Profile;
  /** Which source named the profile. */
  via?: string;
  /** The device row behind the profile, when a device cookie named it. */
  deviceId?: string;
  /** The API key behind the profile, when a key named it. */
  apiKey?: { id: string; scope: KeyScope };
  /** Whether the request carries something like an API key outside `Authorization: Bearer`. */
  misplacedKey: boolean;
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
  const identity: Identity = {
    invalid: [],
    admin: false,
    staleAdmin: false,
    misplacedKey: misplacedKey(req),
  };
  for (const source of sources) {
    const result = await source.resolve(req, db, now);
    if (result.kind === "invalid") identity.invalid.push(source.name);
    if (result.kind === "profile" && !identity.profile) {
      identity.profile = result.profile;
      identity.via = source.name;
      identity.deviceId = result.deviceId;
      identity.apiKey = result.apiKey;
    }
    if (source.exclusive && result.kind !== "absent") return identity;
  }
  const admin = adminCookie(req);
  if (admin !== undefined) {
    identity.admin = await isAdminSession(db, admin, now);
    identity.staleAdmin = !identity.admin;
  }
  return identity;
}
