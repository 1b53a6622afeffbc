/**
 * Devices: a browser that picked a profile keeps a random token in the `hearth_device` cookie;
 * the database holds only its hash. Revoking a device ends its access on its next request.
 */
import type { Kysely } from "kysely";
import { fixedQuery } from "../db/fixed.ts";
import type { Database } from "../db/schema.ts";
import type { Db } from "../db/mod.ts";
import type { DeviceInfo, Profile } from "./types.ts";
import { PROFILE_COLUMNS, toProfile } from "./profiles.ts";
import { hashToken, isTokenShaped, newToken } from "./tokens.ts";

/** The device cookie's name. */
export const DEVICE_COOKIE = "hearth_device";
/** How long the device cookie lives: one year. */
export const DEVICE_MAX_AGE_S = 365 * 24 * 60 * 60;
/** `last_seen_at` is written at most this often per device. */
export const LAST_SEEN_EVERY_MS = 60_000;
/** Revoked devices are kept this long (so the admin sees what happened), then dropped. */
const KEEP_REVOKED_MS = 30 * 24 * 60 * 60 * 1000;

/** A device cookie that names a live device. */
export interface ResolvedDevice {
  deviceId: string;
  profile: Profile;
}

/** A short, language-neutral label from a User-Agent: "Firefox · Android". */
export function deviceLabel(userAgent: string | null | undefined): string {
  const ua = userAgent ?? "";
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /SamsungBrowser\//.test(ua)
    ? "Samsung Internet"
    : /Firefox\/|FxiOS\//.test(ua)
    ? "Firefox"
    : /Chrome\/|CriOS\/|Chromium\//.test(ua)
    ? "Chrome"
    : /Safari\//.test(ua)
    ? "Safari"
    : "";
  const os = /iPhone/.test(ua)
    ? "iPhone"
    : /iPad/.test(ua)
    ? "iPad"
    : /Android/.test(ua)
    ? "Android"
    : /CrOS/.test(ua)
    ? "ChromeOS"
    : /Windows/.test(ua)
    ? "Windows"
    : /Mac OS X|Macintosh/.test(ua)
    ? "macOS"
    : /Linux/.test(ua)
    ? "Linux"
    : "";
  return [browser, os].filter(Boolean).join(" · ") || "Browser";
}

/** Registers a device for `profileId`; returns its id and the token for the cookie. */
export async function createDevice(
  db: Db,
  profileId: string,
  label: string,
  now: Date,
): Promise<{ id: string; token: string }> {
  const token = newToken();
  const id = crypto.randomUUID();
  const at = now.toISOString();
  await db.kysely.deleteFrom("devices")
    .where("revoked_at", "<", new Date(now.getTime() - KEEP_REVOKED_MS).toISOString())
    .execute();
  await db.kysely.insertInto("devices").values({
    id,
    profile_id: profileId,
    token_hash: hashToken(token),
    label: label.slice(0, 80),
    created_at: at,
    last_seen_at: at,
    revoked_at: null,
  }).execute();
  return { id, token };
}

// Every request with a device cookie runs it: compiled once (lib/db/fixed.ts).
const liveDevice = fixedQuery((db: Kysely<Database>, tokenHash: string) =>
  db.selectFrom("devices")
    .innerJoin("profiles", "profiles.id", "devices.profile_id")
    .select([
      "devices.id as device_id",
      "devices.last_seen_at",
      ...PROFILE_COLUMNS,
    ])
    .where("devices.token_hash", "=", tokenHash)
    .where("devices.revoked_at", "is", null)
);

/**
 * The live device and profile a cookie token names, or null (unknown, malformed or revoked).
 * Notes the visit in `last_seen_at`, at most once a minute.
 */
export async function resolveDevice(
  db: Db,
  token: string | undefined,
  now: Date,
): Promise<ResolvedDevice | null> {
  if (!isTokenShaped(token)) return null;
  const [row] = (await liveDevice(db.kysely, hashToken(token))).rows;
  if (!row) return null;
  // Read-only after a failed upgrade (lib/db/mod.ts): the restored data is not written.
  if (!db.readOnly && now.getTime() - Date.parse(row.last_seen_at) >= LAST_SEEN_EVERY_MS) {
    await db.kysely.updateTable("devices").set({ last_seen_at: now.toISOString() })
      .where("id", "=", row.device_id).execute();
  }
  return { deviceId: row.device_id, profile: toProfile(row) };
}

/** Revokes a device at once; false when there is no such live device. */
export async function revokeDevice(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db.kysely.updateTable("devices").set({ revoked_at: now.toISOString() })
    .where("id", "=", id).where("revoked_at", "is", null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Revokes the device a cookie token names (signing out); no-op for an unknown token. */
export async function revokeDeviceToken(
  db: Db,
  token: string | undefined,
  now: Date,
): Promise<void> {
  if (!isTokenShaped(token)) return;
  await db.kysely.updateTable("devices").set({ revoked_at: now.toISOString() })
    .where("token_hash", "=", hashToken(token)).where("revoked_at", "is", null).execute();
}

/** Every live device, most recently seen first. */
export async function listDevices(db: Db): Promise<DeviceInfo[]> {
  const rows = await db.kysely.selectFrom("devices")
    .innerJoin("profiles", "profiles.id", "devices.profile_id")
    .select([
      "devices.id",
      "devices.label",
      "devices.created_at",
      "devices.last_seen_at",
      "profiles.id as profile_id",
      "profiles.name",
      "profiles.avatar",
    ])
    .where("devices.revoked_at", "is", null)
    .orderBy("devices.last_seen_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    profile: { id: r.profile_id, name: r.name, avatar: r.avatar },
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
  }));
}

/** The id of the live device a cookie token names, if any (to mark "this device" in lists). */
export async function deviceIdFor(db: Db, token: string | undefined): Promise<string | null> {
  if (!isTokenShaped(token)) return null;
  const row = await db.kysely.selectFrom("devices").select("id")
    .where("token_hash", "=", hashToken(token)).where("revoked_at", "is", null)
    .executeTakeFirst();
  return row?.id ?? null;
}
