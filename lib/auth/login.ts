/**
 * The two guessable secrets: a profile's PIN and the admin password. A guess is counted before it
 * is checked (bcrypt takes tens of milliseconds, and parallel guesses must not all pass a check
 * that their results have not updated yet), against two limits: the client's (`RateLimiter`,
 * per address: 5 wrong in 15 minutes lock it out) and the account's (`AccountLimiter`, across all
 * addresses). A right guess resets the client and gives the account its guess back.
 */
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import type { RateLimiter } from "../http/rate_limit.ts";
import type { Profile } from "./types.ts";
import { type AccountLimiter, ADMIN_ACCOUNT, pinAccount } from "./account_limit.ts";
import { createAdminSession } from "./admin_sessions.ts";
import { verifySecret } from "./passwords.ts";
import { profileRow, toProfile } from "./profiles.ts";

/** The limits a guess is counted against. */
export interface GuessLimits {
  /** Per client address (`limitKey`). */
  client: RateLimiter;
  /** Per account, across all clients. */
  account: AccountLimiter;
}

/**
 * Checks `secret` against `digest` as one counted guess: 429 `too_many_attempts` (nothing
 * counted) while the client or the account is locked out; otherwise the guess is counted first
 * and compared after. Synchronous up to the compare, so no other guess slips in between.
 */
async function guess(
  limits: GuessLimits,
  clientKey: string,
  account: string,
  secret: string,
  digest: string,
): Promise<boolean> {
  limits.client.check(clientKey);
  const taken = limits.account.take(account);
  limits.client.fail(clientKey);
  if (!await verifySecret(secret, digest)) return false;
  limits.client.succeed(clientKey);
  taken.refund();
  return true;
}

/**
 * Checks that this client may open `profileId`: no PIN, or the right one. 401 `pin_required`
 * without a PIN, 401 `wrong_pin` (counted), 429 `too_many_attempts` while this client or this
 * profile is locked out.
 */
export async function unlockProfile(
  db: Db,
  limits: GuessLimits,
  clientKey: string,
  profileId: string,
  pin: string | undefined,
): Promise<Profile> {
  const row = await profileRow(db, profileId);
  if (row.pin_hash === null) return toProfile(row);
  limits.client.check(clientKey);
  if (pin === undefined) {
    throw new HttpError(401, "pin_required", "This profile has a PIN: enter it.");
  }
  if (!await guess(limits, clientKey, pinAccount(row.id), pin, row.pin_hash)) {
    throw new HttpError(401, "wrong_pin", "Wrong PIN.");
  }
  return toProfile(row);
}

/**
 * Checks the admin password and starts an 8-hour admin login. 401 `wrong_password` (counted),
 * 429 `too_many_attempts` while this client or the admin account is locked out, 409
 * `no_admin_yet` before setup.
 */
export async function loginAdmin(
  db: Db,
  limits: GuessLimits,
  clientKey: string,
  password: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  limits.client.check(clientKey);
  const admin = await db.kysely.selectFrom("profiles").select("password_hash")
    .where("is_admin", "=", 1).executeTakeFirst();
  if (!admin?.password_hash) {
    throw new HttpError(409, "no_admin_yet", "There is no admin yet: set up Hearth first.");
  }
  if (!await guess(limits, clientKey, ADMIN_ACCOUNT, password, admin.password_hash)) {
    throw new HttpError(401, "wrong_password", "Wrong password.");
  }
  return await createAdminSession(db, now);
}
