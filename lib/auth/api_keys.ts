/**
 * A profile's API keys (SPEC §3, §12): for scripts, editors and other apps that speak OpenAI's
 * API. A key is `hth_` + 32 random bytes (base64url), shown once when it is made; only its
 * SHA-256 is stored, with its first 12 characters to tell keys apart. A key acts for its profile
 * with a `scope`: `chat` (`/v1` and the chat) or `read` (also reading the profile's data). It
 * never grants the admin. Each profile sees and revokes only its own keys.
 */
import type { Db } from "../db/mod.ts";
import { newId } from "../db/ids.ts";
import { HttpError } from "../http/errors.ts";
import { PROFILE_COLUMNS, toProfile } from "./profiles.ts";
import { hashToken } from "./tokens.ts";
import type { Profile } from "./types.ts";
import type { ApiKeyCreated, ApiKeyInfo, KeyScope } from "./types.ts";
import { z } from "zod";

export type { ApiKeyCreated, ApiKeyInfo, KeyScope };

/** The scopes, for schemas. */
export const KEY_SCOPES = ["chat", "read"] as const;

/** `POST /api/keys`: a name to tell the key apart, and its scope. */
export const createKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(KEY_SCOPES),
});

/** Every key starts with it, so a leaked key is recognisable (and secret scanners find it). */
export const KEY_PREFIX = "hth_";

/** Characters of a key kept in the clear, to tell keys apart in a list. */
export const PREFIX_CHARS = 12;

/** Live keys a profile can have; as many revoked ones stay listed. */
export const MAX_KEYS = 50;

/** `last_used_at` is written at most this often per key. */
export const LAST_USED_EVERY_MS = 60_000;

/** The key a request's credential resolved to. */
export interface ResolvedKey {
  id: string;
  scope: KeyScope;
  profile: Profile;
}

const KEY_SHAPE = /^hth_[A-Za-z0-9_-]{43}$/;

/** Whether `value` looks like a Hearth API key (cheap, before any hashing). */
export function isKeyShaped(value: string | null | undefined): value is string {
  return typeof value === "string" && KEY_SHAPE.test(value);
}

/** A new key: `hth_` + 32 random bytes, base64url (47 characters). */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return KEY_PREFIX + bytes.toBase64({ alphabet: "base64url", omitPadding: true });
}

type Row = {
  id: string;
  name: string;
  scope: KeyScope;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
};

function toInfo(row: Row): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

const COLUMNS = [
  "id",
  "name",
  "scope",
  "prefix",
  "created_at",
  "last_used_at",
  "revoked_at",
] as const;

/** The profile's keys, newest first (revoked ones too, marked). */
export async function listKeys(db: Db, profileId: string): Promise<ApiKeyInfo[]> {
  const rows = await db.kysely.selectFrom("api_keys").select(COLUMNS)
    .where("profile_id", "=", profileId).orderBy("created_at", "desc").orderBy("id", "desc")
    .execute();
  return rows.map(toInfo);
}

/** Makes a key for the profile; the answer holds the key, which is never shown again. */
export async function createKey(
  db: Db,
  profileId: string,
  input: { name: string; scope: KeyScope },
  now: Date,
): Promise<ApiKeyCreated> {
  const key = newKey();
  const row: Row = {
    id: newId(),
    name: input.name,
    scope: input.scope,
    prefix: key.slice(0, PREFIX_CHARS),
    created_at: now.toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.kysely.transaction().execute(async (trx) => {
    const { n } = await trx.selectFrom("api_keys").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("profile_id", "=", profileId).where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    if (Number(n) >= MAX_KEYS) {
      throw new HttpError(
        409,
        "too_many_api_keys",
        `A profile can have at most ${MAX_KEYS} API keys; revoke one first.`,
        {},
        { max: MAX_KEYS },
      );
    }
    // Revoked keys stay listed (so "revoked on …" can be seen), the newest MAX_KEYS of them.
    const old = await trx.selectFrom("api_keys").select("id").where("profile_id", "=", profileId)
      .where("revoked_at", "is not", null).orderBy("revoked_at", "desc").orderBy("id", "desc")
      .offset(MAX_KEYS - 1).limit(1000).execute();
    if (old.length) {
      await trx.deleteFrom("api_keys").where("id", "in", old.map((r) => r.id)).execute();
    }
    await trx.insertInto("api_keys").values({
      ...row,
      profile_id: profileId,
      hash: hashToken(key),
    }).execute();
  });
  return { key, apiKey: toInfo(row) };
}

function keyNotFound(): HttpError {
  return new HttpError(404, "api_key_not_found", "There is no such API key.");
}

/**
 * Revokes one of the profile's keys at once (another profile's id is a 404, as if it did not
 * exist). Revoking a revoked key changes nothing.
 */
export async function revokeKey(
  db: Db,
  profileId: string,
  id: string,
  now: Date,
): Promise<ApiKeyInfo> {
  const row = await db.kysely.selectFrom("api_keys").select(COLUMNS)
    .where("id", "=", id).where("profile_id", "=", profileId).executeTakeFirst();
  if (!row) throw keyNotFound();
  if (row.revoked_at !== null) return toInfo(row);
  const revokedAt = now.toISOString();
  await db.kysely.updateTable("api_keys").set({ revoked_at: revokedAt })
    .where("id", "=", id).where("profile_id", "=", profileId).execute();
  return toInfo({ ...row, revoked_at: revokedAt });
}

/**
 * The live key `key` names, with its profile; null for a key that is malformed, unknown or
 * revoked. Marks it used (at most once a minute, so a busy script writes little).
 */
export async function resolveKey(db: Db, key: string, now: Date): Promise<ResolvedKey | null> {
  if (!isKeyShaped(key)) return null;
  const row = await db.kysely.selectFrom("api_keys")
    .innerJoin("profiles", "profiles.id", "api_keys.profile_id")
    .select([
      "api_keys.id as key_id",
      "api_keys.scope",
      "api_keys.last_used_at",
      ...PROFILE_COLUMNS,
    ])
    .where("api_keys.hash", "=", hashToken(key))
    .where("api_keys.revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  const last = row.last_used_at === null ? -Infinity : Date.parse(row.last_used_at);
  // Read-only after a failed upgrade (lib/db/mod.ts): the restored data is not written.
  if (!db.readOnly && now.getTime() - last >= LAST_USED_EVERY_MS) {
    await db.kysely.updateTable("api_keys").set({ last_used_at: now.toISOString() })
      .where("id", "=", row.key_id).execute();
  }
  return { id: row.key_id, scope: row.scope, profile: toProfile(row) };
}

/** Headers some OpenAI-style clients put a key in; Hearth reads keys only from `Authorization`. */
const KEY_HEADERS = ["x-api-key", "api-key"];
/** Query parameters a key is sometimes put in (where logs, history and Referer would keep it). */
const KEY_PARAMS = ["key", "api_key", "apikey"];
/** Cookie names that say "API key". */
const KEY_COOKIE = /^(hearth[_-])?(api[_-]?key|key)$/i;

/**
 * Whether the request carries an API key somewhere else than `Authorization: Bearer`: an
 * `x-api-key` or `api-key` header, a `?key=`/`?api_key=` query, or a cookie named like a key or
 * holding one. Such a request is refused (401 `api_key_in_wrong_place`), so the key does not work
 * from where it leaks.
 */
export function misplacedKey(req: Request): boolean {
  if (KEY_HEADERS.some((h) => req.headers.has(h))) return true;
  const query = new URL(req.url).searchParams;
  for (const name of KEY_PARAMS) {
    const value = query.get(name);
    // `?key=` may mean something else to a route one day: only a key-shaped value counts there.
    if (value !== null && (name !== "key" || value.startsWith(KEY_PREFIX))) return true;
  }
  const cookies = req.headers.get("cookie") ?? "";
  // Bounded: a Cookie header is capped by the server (16 KiB of headers in Deno).
  for (const part of cookies.split(";")) {
    const eq = part.indexOf("=");
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    const value = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (KEY_COOKIE.test(name) || value.startsWith(KEY_PREFIX)) return true;
  }
  return false;
}
