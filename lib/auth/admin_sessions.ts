/**
 * Admin logins: the admin password buys an 8-hour `hearth_admin` cookie. The database keeps only
 * the token's hash, so logout and `hearth reset-password` revoke logins server-side.
 */
import type { Db } from "../db/mod.ts";
import { hashToken, isTokenShaped, newToken } from "./tokens.ts";

/** The admin cookie's name. */
export const ADMIN_COOKIE = "hearth_admin";
/** How long an admin login lasts: 8 hours. */
export const ADMIN_SESSION_MS = 8 * 60 * 60 * 1000;

/** Starts an admin login; returns the cookie token and when it ends. */
export async function createAdminSession(
  db: Db,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ADMIN_SESSION_MS);
  // Drop logins that ended more than a day ago: the table stays small.
  await db.kysely.deleteFrom("admin_sessions")
    .where("expires_at", "<", new Date(now.getTime() - 24 * 60 * 60 * 1000).toISOString())
    .execute();
  await db.kysely.insertInto("admin_sessions").values({
    id: crypto.randomUUID(),
    token_hash: hashToken(token),
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    revoked_at: null,
  }).execute();
  return { token, expiresAt };
}

/** Whether a cookie token is a live admin login at `now`. */
export async function isAdminSession(
  db: Db,
  token: string | undefined,
  now: Date,
): Promise<boolean> {
  if (!isTokenShaped(token)) return false;
  const row = await db.kysely.selectFrom("admin_sessions").select("id")
    .where("token_hash", "=", hashToken(token))
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends one admin login (logout). */
export async function revokeAdminSession(
  db: Db,
  token: string | undefined,
  now: Date,
): Promise<void> {
  if (!isTokenShaped(token)) return;
  await db.kysely.updateTable("admin_sessions").set({ revoked_at: now.toISOString() })
    .where("token_hash", "=", hashToken(token)).where("revoked_at", "is", null).execute();
}
