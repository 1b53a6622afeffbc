/** Test factories for the chat domain. */
import { type Db, openDatabase } from "../db/mod.ts";

/** An in-memory, migrated database with two profiles, `ann` and `bob`. */
export async function chatTestDb(): Promise<Db> {
  const db = await openDatabase(":memory:");
  const at = new Date().toISOString();
  for (const id of ["ann", "bob"]) {
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
  return db;
}
