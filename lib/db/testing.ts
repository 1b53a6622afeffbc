/** Test and benchmark helpers for the database. */
import type { Db } from "./mod.ts";

/**
 * Adds member profiles with the given ids (which are also their names), without PINs: the
 * fixed ids tests and benchmarks refer to (`createMember` makes random ones).
 */
export async function addProfiles(db: Db, ids: readonly string[]): Promise<void> {
  const at = new Date().toISOString();
  for (const id of ids) {
    await db.kysely.insertInto("profiles").values({
      id,
      name: id,
      avatar: "🙂",
      pin_hash: null,
      is_admin: 0,
      password_hash: null,
      created_at: at,
      updated_at: at,
    }).execute();
  }
}
