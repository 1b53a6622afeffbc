/**
 * The checks every route that acts for a limited profile makes (SPEC §3): one place, so chat,
 * regenerate, edit, `/v1`, tools, gems and documents refuse alike. A refusal is a 403 with a
 * friendly message and a stable code (`limit_model`, `limit_quiet_hours`, `limit_daily`,
 * `limit_tool`, `limit_gem`, `limit_document`).
 */
import type { Kysely } from "kysely";
import { zonedParts } from "../dates/zones.ts";
import { fixedQuery } from "../db/fixed.ts";
import type { Database } from "../db/schema.ts";
import { HttpError } from "../http/errors.ts";
import { sameModel } from "../ollama/modelfile.ts";
import type { ProfileLimits } from "./types.ts";

type DB = Kysely<Database>;

function list(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    // A row no Hearth wrote: allow nothing rather than everything.
    return [];
  }
}

// Every reply's start reads it: compiled once (lib/db/fixed.ts).
const limitsRow = fixedQuery((db: DB, profileId: string) =>
  db.selectFrom("profile_limits").selectAll().where("profile_id", "=", profileId)
);

/** The profile's limits, or null when it is not limited. */
export async function limitsFor(db: DB, profileId: string): Promise<ProfileLimits | null> {
  const [row] = (await limitsRow(db, profileId)).rows;
  if (!row) return null;
  return {
    models: list(row.models),
    tools: list(row.tools),
    gems: list(row.gems),
    documents: list(row.documents),
    quietStart: row.quiet_start,
    quietEnd: row.quiet_end,
    dailyReplies: row.daily_replies,
  };
}

/**
 * Whether `name` is allowed by an allow-list (null allows all); model names (`ignoreCase`) compare
 * as Ollama does: without regard to case, a missing `:latest` tag or library prefix filled in.
 */
export function allows(allowed: string[] | null, name: string, ignoreCase = false): boolean {
  if (allowed === null) return true;
  if (!ignoreCase) return allowed.includes(name);
  return allowed.some((a) => sameModel(a, name));
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h * 60 + m;
}

/** Whether `now` (local wall time in `timeZone`) is inside the quiet hours. */
export function inQuietHours(limits: ProfileLimits, now: Date, timeZone: string): boolean {
  if (!limits.quietStart || !limits.quietEnd) return false;
  const { hour, minute } = zonedParts(now, timeZone);
  const t = hour * 60 + minute;
  const start = minutes(limits.quietStart), end = minutes(limits.quietEnd);
  if (start === end) return false;
  // 21:00–07:00 runs past midnight.
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** The local day (`2026-12-04`) of `now` in `timeZone`, the key replies are counted under. */
export function localDay(now: Date, timeZone: string): string {
  const { year, month, day } = zonedParts(now, timeZone);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Who asks, as the checks need it. */
export interface LimitSubject {
  id: string;
  timeZone: string;
}

/**
 * Before a reply starts (chat, regenerate, edit, `/v1`): the model must be allowed, the time
 * outside quiet hours, and the day's replies under the limit. An allowed reply is counted, in
 * `db`'s transaction when the caller passes one, so a refused or failed start counts nothing.
 */
export async function checkReply(
  db: DB,
  profile: LimitSubject,
  model: string,
  now: Date,
): Promise<void> {
  const limits = await limitsFor(db, profile.id);
  if (limits) await checkLimits(db, limits, profile, model, now);
}

/** `checkReply` once the profile's limits are read. */
async function checkLimits(
  db: DB,
  limits: ProfileLimits,
  profile: LimitSubject,
  model: string,
  now: Date,
): Promise<void> {
  if (!allows(limits.models, model, true)) {
    throw new HttpError(
      403,
      "limit_model",
      `This profile may not use ${model}. Pick another model, or ask the admin.`,
      {},
      { model },
    );
  }
  if (inQuietHours(limits, now, profile.timeZone)) {
    throw new HttpError(
      403,
      "limit_quiet_hours",
      `It is quiet time until ${limits.quietEnd}. Hearth can answer again then.`,
      {},
      { until: limits.quietEnd ?? "" },
    );
  }
  const day = localDay(now, profile.timeZone);
  if (limits.dailyReplies !== null) {
    const used = await db.selectFrom("limit_usage").select("replies")
      .where("profile_id", "=", profile.id).where("day", "=", day).executeTakeFirst();
    if ((used?.replies ?? 0) >= limits.dailyReplies) {
      throw new HttpError(
        403,
        "limit_daily",
        `That was today's last reply (${limits.dailyReplies} a day). More tomorrow!`,
        {},
        { limit: String(limits.dailyReplies) },
      );
    }
  }
  await db.insertInto("limit_usage").values({ profile_id: profile.id, day, replies: 1 })
    .onConflict((oc) =>
      oc.columns(["profile_id", "day"]).doUpdateSet((eb) => ({
        replies: eb("replies", "+", 1),
      }))
    ).execute();
}

/**
 * `checkReply` for the profile `profileId` names, read in `tx` (the transaction that stores the
 * reply or run, so a refused or failed start counts nothing).
 */
export async function checkReplyOf(
  tx: DB,
  profileId: string,
  model: string,
  now: Date,
): Promise<void> {
  // Most profiles have no limits: their zone is then never needed.
  const limits = await limitsFor(tx, profileId);
  if (!limits) return;
  const { time_zone } = await tx.selectFrom("profiles").select("time_zone")
    .where("id", "=", profileId).executeTakeFirstOrThrow();
  await checkLimits(tx, limits, { id: profileId, timeZone: time_zone }, model, now);
}

/** A tool, gem or document the profile's limits do not allow: 403 with the kind's code. */
export async function checkUse(
  db: DB,
  profileId: string,
  kind: "tools" | "gems" | "documents",
  id: string,
  label = id,
): Promise<void> {
  const limits = await limitsFor(db, profileId);
  if (!limits || allows(limits[kind], id)) return;
  const code = { tools: "limit_tool", gems: "limit_gem", documents: "limit_document" }[kind];
  const what = { tools: "tool", gems: "gem", documents: "document" }[kind];
  throw new HttpError(
    403,
    code,
    `This profile may not use the ${what} ${label}. Ask the admin if you need it.`,
    {},
    { name: label },
  );
}
