/** A household's data at an older schema, for upgrade tests (`tests/upgrade*_test.ts`). */
import { createAdmin } from "../../lib/auth/profiles.ts";
import { createAdminSession } from "../../lib/auth/admin_sessions.ts";
import { createDevice } from "../../lib/auth/devices.ts";
import { resolvePaths } from "../../lib/config/paths.ts";
import { MIGRATIONS, openDatabase } from "../../lib/db/mod.ts";
import { failingMigration, seedChats } from "../../lib/db/snapshots_testing.ts";

/**
 * The schema the household's data is at: the one before the newest, so the newest code runs
 * over an older schema once the upgrade fails (`UPGRADE`: the newest succeeds, then one breaks).
 */
export const BASE = MIGRATIONS.slice(0, -1);
/** The upgrade that fails midway, after one migration of the same run succeeded. */
export const UPGRADE = [...MIGRATIONS, failingMigration(MIGRATIONS.at(-1)!.version + 1)];

/** A home with an admin and a member with chats at the schema before the newest, and cookies for both. */
export async function household(home: string) {
  const db = await openDatabase(resolvePaths({ HEARTH_HOME: home }).dbFile, BASE);
  try {
    const admin = await createAdmin(db, { name: "Admin", password: "correct horse battery" });
    const { profileId, conversationId } = seedChats(db.raw);
    const now = new Date();
    const device = await createDevice(db, profileId, "test", new Date(now.getTime() - 3_600_000));
    const adminDevice = await createDevice(db, admin.id, "test", now);
    const session = await createAdminSession(db, now);
    return {
      conversationId,
      member: `hearth_device=${device.token}`,
      admin: `hearth_device=${adminDevice.token}; hearth_admin=${session.token}`,
    };
  } finally {
    await db.close();
  }
}
