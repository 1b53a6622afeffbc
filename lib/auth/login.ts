/**
 * The two guessable secrets: a profile's PIN and the admin password. Both go through the
 * per-client rate limiter: a locked-out client is refused before its guess is even checked.
 */
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import type { RateLimiter } from "../http/rate_limit.ts";
import type { Profile } from "./types.ts";
import { createAdminSession } from "./admin_sessions.ts";
import { verifySecret } from "./passwords.ts";
import { profileRow, toProfile } from "./profiles.ts";

/**
 * Checks that this client may open `profileId`: no PIN, or the right one. 401 `pin_required`
 * without a PIN, 401 `wrong_pin` (counted), 429 `too_many_attempts` while locked out.
 */
export async function unlockProfile(
  db: Db,
  limiter: RateLimiter,
  key: string,
  profileId: string,
  pin: string | undefined,
): Promise<Profile> {
  const row = await profileRow(db, profileId);
  if (row.pin_hash === null) return toProfile(row);
  limiter.check(key);
  if (pin === undefined) {
    throw new HttpError(401, "pin_required", "This profile has a PIN: enter it.");
  }
  if (!await verifySecret(pin, row.pin_hash)) {
    limiter.fail(key);
    throw new HttpError(401, "wrong_pin", "Wrong PIN.");
  }
  limiter.succeed(key);
  return toProfile(row);
}

/**
 * Checks the admin password and starts an 8-hour admin login. 401 `wrong_password` (counted),
 * 429 `too_many_attempts` while locked out, 409 `no_admin_yet` before setup.
 */
export async function loginAdmin(
  db: Db,
  limiter: RateLimiter,
  key: string,
  password: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  limiter.check(key);
  const admin = await db.kysely.selectFrom("profiles").select("password_hash")
    .where("is_admin", "=", 1).executeTakeFirst();
  if (!admin?.password_hash) {
    throw new HttpError(409, "no_admin_yet", "There is no admin yet: set up Hearth first.");
  }
  if (!await verifySecret(password, admin.password_hash)) {
    limiter.fail(key);
    throw new HttpError(401, "wrong_password", "Wrong password.");
  }
  limiter.succeed(key);
  return await createAdminSession(db, now);
}
