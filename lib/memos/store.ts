/**
 * Memos. Every query goes through `owned` (`lib/db/owned.ts`): another profile's memo answers
 * the 404 of a missing one.
 */
import { type Kysely, sql } from "kysely";
import type { Database, MemosTable } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { type Owned, owned } from "../db/owned.ts";
import { HttpError } from "../http/errors.ts";
import type { MemoChange, MemoQuery, NewMemo } from "./schemas.ts";
import type { Memo, MemoPage } from "./types.ts";

type DB = Kysely<Database>;

function mine(db: DB, profileId: string): Owned<Database> {
  return owned(db, profileId, {
    memos: () => new HttpError(404, "memo_not_found", "No such memo."),
  });
}

function toMemo(r: Omit<MemosTable, "profile_id">): Memo {
  let tags: string[] = [];
  try {
    tags = JSON.parse(r.tags);
  } catch {
    // A damaged tags column must not hide the memo.
  }
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    tags,
    pinned: r.pinned === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A LIKE pattern matching `text` anywhere, its wildcards escaped (with `escape '\'`). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

/** Writes a memo for the profile. */
export async function createMemo(db: DB, profileId: string, input: NewMemo): Promise<Memo> {
  const at = new Date().toISOString();
  const row = {
    id: newId(),
    title: input.title ?? "",
    body: input.body,
    tags: JSON.stringify(input.tags),
    pinned: input.pinned ? 1 : 0,
    created_at: at,
    updated_at: at,
  };
  await mine(db, profileId).insertInto("memos", row).execute();
  return toMemo(row);
}

/** One memo of the profile, or 404. */
export async function getMemo(db: DB, profileId: string, id: string): Promise<Memo> {
  return toMemo(await mine(db, profileId).get("memos", id));
}

/** Changes a memo of the profile (404 otherwise); `updatedAt` moves. */
export async function updateMemo(
  db: DB,
  profileId: string,
  id: string,
  change: MemoChange,
): Promise<Memo> {
  const scope = mine(db, profileId);
  await scope.update("memos", id, {
    ...(change.title !== undefined && { title: change.title }),
    ...(change.body !== undefined && { body: change.body }),
    ...(change.tags !== undefined && { tags: JSON.stringify(change.tags) }),
    ...(change.pinned !== undefined && { pinned: change.pinned ? 1 : 0 }),
    updated_at: new Date().toISOString(),
  });
  return toMemo(await scope.get("memos", id));
}

/** Deletes a memo of the profile (404 otherwise). */
export async function deleteMemo(db: DB, profileId: string, id: string): Promise<void> {
  await mine(db, profileId).delete("memos", id);
}

/**
 * A page of the profile's memos, newest first by `sort` (then id). `cursor` is the `next` of the
 * page before ("time|id"); `offset` skips rows instead.
 */
export async function listMemos(db: DB, profileId: string, q: MemoQuery): Promise<MemoPage> {
  const column = q.sort === "created" ? "created_at" : "updated_at";
  let query = mine(db, profileId).selectFrom("memos").selectAll();
  if (q.tag !== undefined) {
    const tag = q.tag;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom(sql<{ value: string }>`json_each(memos.tags)`.as("t")).select("t.value")
          .where("t.value", "=", tag),
      )
    );
  }
  if (q.pinned !== undefined) query = query.where("pinned", "=", q.pinned ? 1 : 0);
  if (q.q) {
    const like = likePattern(q.q);
    query = query.where((eb) =>
      eb.or([
        sql<boolean>`memos.title LIKE ${like} ESCAPE '\\'`,
        sql<boolean>`memos.body LIKE ${like} ESCAPE '\\'`,
      ])
    );
  }
  if (q.cursor) {
    const cut = q.cursor.lastIndexOf("|");
    const at = q.cursor.slice(0, cut);
    const id = q.cursor.slice(cut + 1);
    if (cut < 0) {
      throw new HttpError(422, "invalid_cursor", "The cursor is not one this list gave.");
    }
    query = query.where((eb) =>
      eb.or([eb(column, "<", at), eb.and([eb(column, "=", at), eb("id", "<", id)])])
    );
  }
  query = query.orderBy(column, "desc").orderBy("id", "desc").limit(q.limit + 1);
  if (q.offset) query = query.offset(q.offset);
  const rows = await query.execute();
  const page = rows.slice(0, q.limit).map(toMemo);
  const last = rows.length > q.limit ? rows[q.limit - 1] : undefined;
  return { items: page, next: last ? `${last[column]}|${last.id}` : null };
}

/** The profile's tags with how many memos carry each, most used first (at most `limit`). */
export async function memoTags(
  db: DB,
  profileId: string,
  limit = 200,
): Promise<{ tag: string; count: number }[]> {
  const rows = await mine(db, profileId).selectFrom("memos")
    .innerJoin(sql<{ value: string }>`json_each(memos.tags)`.as("t"), (j) => j.onTrue())
    .select([sql<string>`t.value`.as("tag"), sql<number>`count(*)`.as("count")])
    .groupBy(sql`t.value`)
    .orderBy(sql`count(*)`, "desc").orderBy(sql`t.value`)
    .limit(limit)
    .execute();
  return rows.map((r) => ({ tag: String(r.tag), count: Number(r.count) }));
}
