/**
 * Scheduled backups: off, daily or weekly at a local time (the admin profile's time zone), keeping
 * the newest N bundles (older ones, of any kind, are deleted after each scheduled backup). The
 * setting and the time of the last scheduled run live in `app_meta`, so they travel with the data.
 * `dueBackup` is called by the scheduler's tick (`lib/scheduler/`, about once a minute); a
 * schedule saved after today's time has passed starts at the next occurrence.
 */
import { z } from "zod";
import type { HearthPaths } from "../config/paths.ts";
import { defaultTimeZone, fromZoned, zonedParts } from "../dates/zones.ts";
import type { Db } from "../db/mod.ts";
import { createBackup, pruneBackups } from "./create.ts";

const SETTING_KEY = "backup.schedule";
const LAST_KEY = "backup.last_scheduled";

/** The schedule's shape (the admin API's input). */
export const scheduleSchema = z.object({
  frequency: z.enum(["off", "daily", "weekly"]),
  /** Local time, "HH:MM". */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** 0 = Sunday … 6 = Saturday (weekly only). */
  weekday: z.number().int().min(0).max(6),
  keep: z.number().int().min(1).max(365),
});

/** A backup schedule. */
export type BackupSchedule = z.infer<typeof scheduleSchema> & {
  /** When it was saved (ISO); occurrences before it do not run. */
  savedAt?: string;
};

/** The default: off, 03:00, Sunday, keep 7. */
export const DEFAULT_SCHEDULE: BackupSchedule = {
  frequency: "off",
  time: "03:00",
  weekday: 0,
  keep: 7,
};

async function readMeta(db: Db, key: string): Promise<string | null> {
  const row = await db.kysely.selectFrom("app_meta").select("value").where("key", "=", key)
    .executeTakeFirst();
  return row?.value ?? null;
}

async function writeMeta(db: Db, key: string, value: string): Promise<void> {
  await db.kysely.insertInto("app_meta").values({ key, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value })).execute();
}

/** The stored schedule (the default when none or unreadable). */
export async function readSchedule(db: Db): Promise<BackupSchedule> {
  const raw = await readMeta(db, SETTING_KEY);
  if (!raw) return DEFAULT_SCHEDULE;
  try {
    const parsed = JSON.parse(raw);
    return { ...scheduleSchema.parse(parsed), savedAt: String(parsed.savedAt ?? "") };
  } catch {
    return DEFAULT_SCHEDULE;
  }
}

/** Stores a schedule. */
export async function saveSchedule(
  db: Db,
  schedule: z.infer<typeof scheduleSchema>,
  now: number,
): Promise<BackupSchedule> {
  const stored = { ...schedule, savedAt: new Date(now).toISOString() };
  await writeMeta(db, SETTING_KEY, JSON.stringify(stored));
  return stored;
}

/** The latest occurrence of `s` at or before `now` in `zone` (null when off). */
export function lastOccurrence(s: BackupSchedule, now: number, zone: string): number | null {
  if (s.frequency === "off") return null;
  const [hour, minute] = s.time.split(":").map(Number);
  const p = zonedParts(now, zone);
  let back = 0;
  if (s.frequency === "weekly") back = (p.weekday - s.weekday + 7) % 7;
  for (;; back += s.frequency === "weekly" ? 7 : 1) {
    const at = fromZoned({ year: p.year, month: p.month, day: p.day - back, hour, minute }, zone)
      .getTime();
    if (at <= now) return at;
  }
}

/** The box's time zone: the admin's, else the process's. */
async function boxZone(db: Db): Promise<string> {
  const admin = await db.kysely.selectFrom("profiles").select("time_zone")
    .where("is_admin", "=", 1).executeTakeFirst();
  return admin?.time_zone || defaultTimeZone();
}

/**
 * Runs the scheduled backup when one is due (and prunes to `keep`); answers the new bundle's
 * name, or null when nothing was due.
 */
export async function dueBackup(db: Db, paths: HearthPaths, now: number): Promise<string | null> {
  const s = await readSchedule(db);
  const at = lastOccurrence(s, now, await boxZone(db));
  if (at === null) return null;
  const last = Number(await readMeta(db, LAST_KEY) ?? 0);
  const saved = s.savedAt ? Date.parse(s.savedAt) : 0;
  if (at <= last || at < saved) return null;
  // Marked first: a backup that fails is not retried every minute (it is logged by the caller).
  await writeMeta(db, LAST_KEY, String(now));
  const made = await createBackup({ db, paths, now: new Date(now) });
  await pruneBackups(paths.dataDir, s.keep);
  return made.name;
}
