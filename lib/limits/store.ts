/**
 * A profile's limits as the admin sets them (`PUT /api/admin/profiles/{id}/limits`) and the
 * profile reads them (`GET /api/me`): stored in `profile_limits`, one row per limited profile;
 * today's replies from `limit_usage` (the local day in the profile's zone).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { HttpError } from "../http/errors.ts";
import { limitsFor, localDay } from "./check.ts";
import type { ProfileLimits } from "./types.ts";
import type { LimitsShape, LimitsView, LimitUsage } from "../../components/limits/shape.ts";

type DB = Kysely<Database>;

export type { LimitsView, LimitUsage };

// The browser's plain shape and the schema's type stay the same (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _same: Same<LimitsShape, ProfileLimits> = true;
void _same;

const json = (names: string[] | null) => names === null ? null : JSON.stringify(names);

/** Today's replies of `profileId` in `timeZone` at `now`. */
export async function usageOn(
  db: DB,
  profileId: string,
  timeZone: string,
  now: Date,
  dailyReplies: number | null,
): Promise<LimitUsage> {
  const day = localDay(now, timeZone);
  const row = await db.selectFrom("limit_usage").select("replies")
    .where("profile_id", "=", profileId).where("day", "=", day).executeTakeFirst();
  const replies = row?.replies ?? 0;
  return {
    day,
    replies,
    left: dailyReplies === null ? null : Math.max(0, dailyReplies - replies),
  };
}

/** The profile's limits and today's use (its zone from `profiles`). */
export async function limitsView(db: DB, profileId: string, now: Date): Promise<LimitsView> {
  const profile = await db.selectFrom("profiles").select("time_zone").where("id", "=", profileId)
    .executeTakeFirst();
  const limits = await limitsFor(db, profileId);
  const usage = await usageOn(
    db,
    profileId,
    profile?.time_zone ?? "UTC",
    now,
    limits?.dailyReplies ?? null,
  );
  return { limits, usage };
}

/** The 422 for limiting the admin, who must always be able to undo limits. */
function adminNotLimited(): HttpError {
  return new HttpError(
    422,
    "limit_admin",
    "The admin's own profile cannot be limited.",
  );
}

/** Makes `profileId` limited by `limits` (replacing any earlier ones); the admin: 422. */
export async function setLimits(
  db: DB,
  profileId: string,
  isAdmin: boolean,
  limits: ProfileLimits,
  now: Date,
): Promise<void> {
  if (isAdmin) throw adminNotLimited();
  const row = {
    models: json(limits.models),
    tools: json(limits.tools),
    gems: json(limits.gems),
    documents: json(limits.documents),
    quiet_start: limits.quietStart,
    quiet_end: limits.quietEnd,
    daily_replies: limits.dailyReplies,
    updated_at: now.toISOString(),
  };
  await db.insertInto("profile_limits").values({ profile_id: profileId, ...row })
    .onConflict((oc) => oc.column("profile_id").doUpdateSet(row)).execute();
}

/** Lifts every limit of `profileId` (its counted replies stay, harmless). */
export async function clearLimits(db: DB, profileId: string): Promise<void> {
  await db.deleteFrom("profile_limits").where("profile_id", "=", profileId).execute();
}
