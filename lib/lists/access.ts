/**
 * Who may do what with a list: the ONE place that decides. A list is its owner's (`profile_id`,
 * read through `owned()` elsewhere); a shared one (`shared = 1`) is also the household's, which
 * `owned()` cannot express, so every list route asks here first:
 *
 * | need      | owner | another profile, shared | another profile, private |
 * | --------- | ----- | ----------------------- | ------------------------ |
 * | `read`    | yes   | yes                     | 404 (as a missing list)  |
 * | `items`   | yes   | yes (add, tick, edit, reorder, delete items) | 404     |
 * | `owner`   | yes   | 403 `list_owner_only`   | 404                      |
 *
 * The search index mirrors `read` (migration 13): a list item is the owner's while its list is
 * private and the household's while shared. A change to this rule changes that trigger too.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, ListsTable } from "../db/schema.ts";
import { HttpError } from "../http/errors.ts";

/** What a caller wants to do: read, change items, or rename/unshare/delete the list. */
export type ListNeed = "read" | "items" | "owner";

/** The 404 of a missing list, and of another profile's private one. */
export function listNotFound(): HttpError {
  return new HttpError(404, "list_not_found", "No such list.");
}

/** Whether `profileId` may do `need` with `list`: "yes", "hidden" (404) or "owner_only" (403). */
export function decide(
  list: Pick<ListsTable, "profile_id" | "shared">,
  profileId: string,
  need: ListNeed,
): "yes" | "hidden" | "owner_only" {
  if (list.profile_id === profileId) return "yes";
  if (list.shared !== 1) return "hidden";
  return need === "owner" ? "owner_only" : "yes";
}

/**
 * The list `listId` if `profileId` may do `need` with it; otherwise the 404 of a missing list
 * (someone else's private list) or 403 `list_owner_only` (someone else's shared list, for what
 * only its owner does). Inside a transaction, pass it, so the decision holds for the change.
 */
export async function listAccess(
  db: Kysely<Database> | Transaction<Database>,
  profileId: string,
  listId: string,
  need: ListNeed,
): Promise<Selectable<ListsTable>> {
  const list = await db.selectFrom("lists").selectAll().where("id", "=", listId)
    .executeTakeFirst();
  const verdict = list ? decide(list, profileId, need) : "hidden";
  if (verdict === "hidden") throw listNotFound();
  if (verdict === "owner_only") {
    throw new HttpError(403, "list_owner_only", "Only the list's owner can do that.");
  }
  return list!;
}

/** The lists `profileId` may read: its own and every shared one. Add order and columns. */
export function readableLists(db: Kysely<Database> | Transaction<Database>, profileId: string) {
  return db.selectFrom("lists").where((eb) =>
    eb.or([eb("lists.profile_id", "=", profileId), eb("lists.shared", "=", 1)])
  );
}
