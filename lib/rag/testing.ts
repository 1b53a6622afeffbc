/**
 * Test factories for retrieval: a database with two members, and documents inserted straight
 * into the table (the library's own store is `lib/documents/`). Imported by tests and benches.
 */
import { createMember } from "../auth/mod.ts";
import { type Db, openDatabase } from "../db/mod.ts";
import { newId } from "../db/ids.ts";

/** An in-memory (or file) database with two members, Ann and Ben. */
export async function ragDb(path = ":memory:"): Promise<{ db: Db; ann: string; ben: string }> {
  const db = await openDatabase(path);
  const ann = (await createMember(db, { name: "Ann", avatar: "🙂" })).id;
  const ben = (await createMember(db, { name: "Ben", avatar: "🙃" })).id;
  return { db, ann, ben };
}

/** Inserts a `ready` Markdown document of `profileId` and returns its id. */
export async function insertDocument(
  db: Db,
  profileId: string,
  name: string,
  shared = false,
): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db.kysely.insertInto("documents").values({
    id,
    profile_id: profileId,
    folder_id: null,
    name,
    kind: "md",
    mime: "text/markdown",
    size: 0,
    sha256: "",
    shared: shared ? 1 : 0,
    status: "ready",
    created_at: now,
    updated_at: now,
  }).execute();
  return id;
}
