/**
 * The profile store: one admin (created by the setup wizard) and the members the admin adds.
 * Every write validates its input; names are unique regardless of case.
 */
import { z } from "zod";
import type { Db } from "../db/mod.ts";
import type { Selectable } from "kysely";
import type { ProfilesTable } from "../db/schema.ts";
import { defaultTimeZone, timeZoneSchema } from "../dates/zones.ts";
import { HttpError } from "../http/errors.ts";
import { parseWith } from "../http/validate.ts";
import type { Profile } from "./types.ts";
import { checkPassword, hashPassword, hashPin, pinSchema } from "./passwords.ts";

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const graphemes = (s: string) => [...new Intl.Segmenter().segment(s)].length;

/** A profile's name: 1–40 characters, trimmed, no control characters. */
export const nameSchema = z.string().trim().min(1).max(40).refine(
  (s) => !CONTROL.test(s),
  "must not contain control characters",
);

/** An avatar: an emoji or up to 3 letters (at most 3 graphemes, 24 UTF-16 units). */
export const avatarSchema = z.string().trim().min(1).max(24).refine(
  (s) => graphemes(s) <= 3 && !CONTROL.test(s),
  "must be one emoji or up to 3 letters",
);

/** What creating a member takes. */
export const memberInput = z.object({
  name: nameSchema,
  avatar: avatarSchema,
  pin: pinSchema.optional(),
  timeZone: timeZoneSchema.optional(),
}).strict();

/** What changing a profile takes; `pin: null` removes the PIN. */
export const profilePatch = z.object({
  name: nameSchema.optional(),
  avatar: avatarSchema.optional(),
  pin: pinSchema.nullable().optional(),
  timeZone: timeZoneSchema.optional(),
}).strict();

/** What `createAdmin` takes (the setup wizard's answers). */
export interface AdminInput {
  name: string;
  password: string;
  pin?: string;
  avatar?: string;
}

const adminInput = z.object({
  name: nameSchema,
  password: z.string(),
  pin: pinSchema.optional(),
  avatar: avatarSchema.optional(),
});

/** A profile row as read. */
export type ProfileRow = Selectable<ProfilesTable>;

/** The profile columns `toProfile` reads, for a query that joins `profiles` (a device, a key). */
export const PROFILE_COLUMNS = [
  "profiles.id",
  "profiles.name",
  "profiles.avatar",
  "profiles.pin_hash",
  "profiles.is_admin",
  "profiles.time_zone",
] as const;

/** A row as routes see it: no hashes. */
export function toProfile(
  row: Pick<ProfileRow, "id" | "name" | "avatar" | "pin_hash" | "is_admin" | "time_zone">,
): Profile {
  return {
    id: row.id,
    name: row.name,
    avatar: row.avatar,
    isAdmin: row.is_admin === 1,
    hasPin: row.pin_hash !== null,
    timeZone: row.time_zone,
  };
}

function uniqueViolation(err: unknown): "admin" | "name" | null {
  const message = err instanceof Error ? err.message : "";
  if (!/UNIQUE constraint failed/.test(message)) return null;
  return /is_admin/.test(message) ? "admin" : /name/.test(message) ? "name" : null;
}

function nameTaken(name: string): HttpError {
  return new HttpError(
    409,
    "profile_name_taken",
    `There is already a profile called ${name}.`,
    {},
    {
      name,
    },
  );
}

function notFound(id: string): HttpError {
  return new HttpError(404, "profile_not_found", `There is no profile ${id}.`, {}, { id });
}

/** Whether the admin profile exists (i.e. setup has created it). */
export async function hasAdmin(db: Db): Promise<boolean> {
  const row = await db.kysely.selectFrom("profiles").select("id").where("is_admin", "=", 1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Creates the admin profile. Throws 409 `admin_exists` when there already is one, 422
 * `password_too_short` / `password_too_long`, 422 `invalid_input` for a bad name, PIN or avatar.
 * Without an avatar, the name's first letter is used.
 */
export async function createAdmin(db: Db, input: AdminInput): Promise<Profile> {
  const { name, password, pin, avatar } = parseWith(adminInput, input);
  checkPassword(password);
  if (await hasAdmin(db)) {
    throw new HttpError(409, "admin_exists", "There is already an admin profile.");
  }
  const now = new Date().toISOString();
  const row: ProfileRow = {
    id: crypto.randomUUID(),
    name,
    avatar: avatar ?? [...new Intl.Segmenter().segment(name)][0].segment.toUpperCase(),
    pin_hash: pin === undefined ? null : await hashPin(pin),
    is_admin: 1,
    password_hash: await hashPassword(password),
    created_at: now,
    updated_at: now,
    time_zone: defaultTimeZone(),
  };
  try {
    await db.kysely.insertInto("profiles").values(row).execute();
  } catch (err) {
    const clash = uniqueViolation(err);
    // Two wizards finishing at once: the partial unique index lets only one admin in.
    if (clash === "admin") {
      throw new HttpError(409, "admin_exists", "There is already an admin profile.");
    }
    if (clash === "name") throw nameTaken(name);
    throw err;
  }
  return toProfile(row);
}

/** Adds a member profile (`memberInput`). 409 `profile_name_taken` when the name is in use. */
export async function createMember(db: Db, input: z.input<typeof memberInput>): Promise<Profile> {
  const { name, avatar, pin, timeZone } = parseWith(memberInput, input);
  const now = new Date().toISOString();
  const row: ProfileRow = {
    id: crypto.randomUUID(),
    name,
    avatar,
    pin_hash: pin === undefined ? null : await hashPin(pin),
    is_admin: 0,
    password_hash: null,
    created_at: now,
    updated_at: now,
    time_zone: timeZone ?? defaultTimeZone(),
  };
  try {
    await db.kysely.insertInto("profiles").values(row).execute();
  } catch (err) {
    if (uniqueViolation(err) === "name") throw nameTaken(name);
    throw err;
  }
  return toProfile(row);
}

/** Every profile, the admin first, then by name. */
export async function listProfiles(db: Db): Promise<Profile[]> {
  const rows = await db.kysely.selectFrom("profiles")
    .select(["id", "name", "avatar", "pin_hash", "is_admin", "time_zone"])
    .orderBy("is_admin", "desc").orderBy("name").orderBy("created_at")
    .execute();
  return rows.map(toProfile);
}

/** The full row of a profile; 404 `profile_not_found`. */
export async function profileRow(db: Db, id: string): Promise<ProfileRow> {
  const row = await db.kysely.selectFrom("profiles").selectAll().where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

/** One profile; 404 `profile_not_found`. */
export async function getProfile(db: Db, id: string): Promise<Profile> {
  return toProfile(await profileRow(db, id));
}

/** What `updateProfile` did. */
export interface ProfileUpdate {
  profile: Profile;
  /** Devices signed out because the PIN changed. */
  signedOut: number;
}

/**
 * Changes a profile's name, avatar or PIN (`profilePatch`; `pin: null` removes it). A PIN that
 * is set, changed or removed signs out, in the same transaction, every device of the profile
 * but `keepDevice` (the device that made the change, if it uses this profile): whoever opened
 * it with the old PIN, or without one, must enter the new one.
 */
export async function updateProfile(
  db: Db,
  id: string,
  patch: z.input<typeof profilePatch>,
  options: { now?: Date; keepDevice?: string | null } = {},
): Promise<ProfileUpdate> {
  const { name, avatar, pin, timeZone } = parseWith(profilePatch, patch);
  const current = await profileRow(db, id);
  const at = (options.now ?? new Date()).toISOString();
  const next: ProfileRow = {
    ...current,
    name: name ?? current.name,
    avatar: avatar ?? current.avatar,
    time_zone: timeZone ?? current.time_zone,
    pin_hash: pin === undefined ? current.pin_hash : pin === null ? null : await hashPin(pin),
    updated_at: at,
  };
  try {
    const signedOut = await db.kysely.transaction().execute(async (tx) => {
      await tx.updateTable("profiles")
        .set({
          name: next.name,
          avatar: next.avatar,
          pin_hash: next.pin_hash,
          time_zone: next.time_zone,
          updated_at: next.updated_at,
        })
        .where("id", "=", id).execute();
      if (pin === undefined) return 0;
      let devices = tx.updateTable("devices").set({ revoked_at: at })
        .where("profile_id", "=", id).where("revoked_at", "is", null);
      if (options.keepDevice) devices = devices.where("id", "!=", options.keepDevice);
      return Number((await devices.executeTakeFirst()).numUpdatedRows);
    });
    return { profile: toProfile(next), signedOut };
  } catch (err) {
    if (uniqueViolation(err) === "name") throw nameTaken(next.name);
    throw err;
  }
}

/**
 * Deletes a member profile and, through the foreign keys, its devices and data. The admin
 * profile cannot be deleted (409 `admin_profile_protected`).
 */
export async function deleteProfile(db: Db, id: string): Promise<void> {
  const row = await profileRow(db, id);
  if (row.is_admin === 1) {
    throw new HttpError(409, "admin_profile_protected", "The admin profile cannot be deleted.");
  }
  await db.kysely.deleteFrom("profiles").where("id", "=", id).execute();
}

/**
 * Replaces the admin password (`hearth reset-password`) and, in the same transaction, ends every
 * admin login: whoever knew the old password is out. Returns the admin profile and how many live
 * logins ended.
 */
export async function setAdminPassword(
  db: Db,
  password: string,
  now = new Date(),
): Promise<{ profile: Profile; signedOut: number }> {
  const digest = await hashPassword(password);
  const row = await db.kysely.selectFrom("profiles").selectAll().where("is_admin", "=", 1)
    .executeTakeFirst();
  if (!row) {
    throw new HttpError(409, "no_admin_yet", "There is no admin yet: run the setup first.");
  }
  const at = now.toISOString();
  const signedOut = await db.kysely.transaction().execute(async (tx) => {
    await tx.updateTable("profiles").set({ password_hash: digest, updated_at: at })
      .where("id", "=", row.id).execute();
    const ended = await tx.updateTable("admin_sessions").set({ revoked_at: at })
      .where("revoked_at", "is", null).where("expires_at", ">", at).executeTakeFirst();
    return Number(ended.numUpdatedRows);
  });
  return { profile: toProfile(row), signedOut };
}
