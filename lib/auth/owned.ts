/**
 * Owner scoping made the easy path: every query on a table with a `profile_id` column starts
 * from these helpers, so a row of another profile is as invisible as a missing one. Reading,
 * changing or deleting someone else's row by id answers the very same 404 as a row that does not
 * exist, so ids cannot even be probed.
 */
import type { Kysely, SelectQueryBuilder, Updateable } from "kysely";
import { HttpError } from "../http/errors.ts";

/** The tables of `DB` that have `id` and `profile_id` columns (owned by a profile). */
export type OwnedTable<DB> = {
  [K in keyof DB & string]: DB[K] extends { id: string; profile_id: string } ? K : never;
}[keyof DB & string];

// Inside, the table is only known as a name; the public signatures keep the types.
// deno-lint-ignore no-explicit-any
type Loose = Kysely<Record<string, any>>;

/** The one 404 for "missing" and "not yours" alike. */
export function notOwned(id: string): HttpError {
  return new HttpError(404, "record_not_found", `There is nothing with the id ${id} here.`, {}, {
    id,
  });
}

/**
 * A select builder over `table` already filtered to `profileId`'s rows: add columns, filters and
 * order as usual. `ownedBy(db.kysely, "memos", profile.id).selectAll().execute()`.
 */
export function ownedBy<DB, T extends OwnedTable<DB>>(
  kysely: Kysely<DB>,
  table: T,
  profileId: string,
  // deno-lint-ignore ban-types
): SelectQueryBuilder<DB, T, {}> {
  const builder = (kysely as Loose).selectFrom(table as string).where("profile_id", "=", profileId);
  // deno-lint-ignore ban-types
  return builder as unknown as SelectQueryBuilder<DB, T, {}>;
}

/** One row of `table` by id, only if `profileId` owns it; otherwise 404 `record_not_found`. */
export async function getOwned<DB, T extends OwnedTable<DB>>(
  kysely: Kysely<DB>,
  table: T,
  id: string,
  profileId: string,
): Promise<DB[T]> {
  const row = await (kysely as Loose).selectFrom(table as string).selectAll()
    .where("id", "=", id).where("profile_id", "=", profileId).executeTakeFirst();
  if (!row) throw notOwned(id);
  return row as DB[T];
}

/**
 * Changes a row of `table` by id, only if `profileId` owns it; otherwise 404. The owner column
 * itself cannot be changed this way.
 */
export async function updateOwned<DB, T extends OwnedTable<DB>>(
  kysely: Kysely<DB>,
  table: T,
  id: string,
  profileId: string,
  values: Omit<Updateable<DB[T]>, "id" | "profile_id">,
): Promise<void> {
  const { id: _id, profile_id: _owner, ...rest } = values as Record<string, unknown>;
  const result = await (kysely as Loose).updateTable(table as string).set(rest)
    .where("id", "=", id).where("profile_id", "=", profileId).executeTakeFirst();
  if (!result.numUpdatedRows) throw notOwned(id);
}

/** Deletes a row of `table` by id, only if `profileId` owns it; otherwise 404. */
export async function deleteOwned<DB, T extends OwnedTable<DB>>(
  kysely: Kysely<DB>,
  table: T,
  id: string,
  profileId: string,
): Promise<void> {
  const result = await (kysely as Loose).deleteFrom(table as string)
    .where("id", "=", id).where("profile_id", "=", profileId).executeTakeFirst();
  if (!result.numDeletedRows) throw notOwned(id);
}
