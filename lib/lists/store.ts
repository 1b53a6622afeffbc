/**
 * Household lists and their items. Who may do what is decided in `access.ts` alone; every change
 * runs in a transaction with its access check, then goes out on the list's live feed (`feed.ts`).
 * A profile's own rows are written through `owned()`.
 */
import type { Kysely, Selectable, Transaction } from "kysely";
import type { Database, ListItemsTable, ListsTable } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import { HttpError } from "../http/errors.ts";
import { listAccess, listNotFound, readableLists } from "./access.ts";
import type { ListFeeds } from "./feed.ts";
import type { ItemChange, ListChange, NewList } from "./schemas.ts";
import {
  type HouseholdList,
  LIST_LIMITS,
  type ListEvent,
  type ListItem,
  type ListWithItems,
} from "./types.ts";

type DB = Kysely<Database>;
type Tx = Transaction<Database>;

/** What list functions need: the database and the feeds to tell. */
export interface ListDeps {
  db: DB;
  feeds: ListFeeds;
}

/** More bulk-added items than this go out as one fresh snapshot instead of one event each. */
const BULK_AS_SNAPSHOT = 50;

const now = () => new Date().toISOString();

function toList(
  r: Selectable<ListsTable>,
  profileId: string,
  counts: { open: number; total: number },
): HouseholdList {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    shared: r.shared === 1,
    ownerId: r.profile_id,
    mine: r.profile_id === profileId,
    open: counts.open,
    total: counts.total,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toItem(r: Selectable<ListItemsTable>): ListItem {
  return {
    id: r.id,
    listId: r.list_id,
    text: r.text,
    done: r.done === 1,
    doneBy: r.done_by,
    position: r.position,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The list as everyone sees it on the feed (without the reader's `mine`). */
function forFeed(list: HouseholdList): Omit<HouseholdList, "mine"> {
  const { mine: _mine, ...rest } = list;
  return rest;
}

async function itemsOf(db: DB | Tx, listId: string): Promise<ListItem[]> {
  const rows = await db.selectFrom("list_items").selectAll().where("list_id", "=", listId)
    .orderBy("position").orderBy("id").execute();
  return rows.map(toItem);
}

async function counts(db: DB | Tx, listId: string) {
  const row = await db.selectFrom("list_items")
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      eb.fn.sum<number>(eb.case().when("done", "=", 0).then(1).else(0).end()).as("open"),
    ])
    .where("list_id", "=", listId).executeTakeFirstOrThrow();
  return { open: Number(row.open ?? 0), total: Number(row.total) };
}

function itemNotFound(): HttpError {
  return new HttpError(404, "list_item_not_found", "No such item on this list.");
}

/** Lists the profile may read: its own and the household's shared ones, by name. */
export async function listLists(db: DB, profileId: string): Promise<HouseholdList[]> {
  const rows = await readableLists(db, profileId)
    .leftJoin("list_items", "list_items.list_id", "lists.id")
    .selectAll("lists")
    .select((eb) => [
      eb.fn.count<number>("list_items.id").as("total"),
      eb.fn.sum<number>(eb.case().when("list_items.done", "=", 0).then(1).else(0).end()).as(
        "open",
      ),
    ])
    .groupBy("lists.id")
    .orderBy("lists.name").orderBy("lists.id")
    .execute();
  return rows.map((r) =>
    toList(r, profileId, { open: Number(r.open ?? 0), total: Number(r.total) })
  );
}

/**
 * The first `limit` open items of a list, in order. Callers check access first (`listLists` and
 * `readableLists` only name lists the profile may read).
 */
export async function openItems(db: DB | Tx, listId: string, limit: number): Promise<ListItem[]> {
  const rows = await db.selectFrom("list_items").selectAll().where("list_id", "=", listId)
    .where("done", "=", 0).orderBy("position").orderBy("id").limit(limit).execute();
  return rows.map(toItem);
}

/** Makes a list for the profile (at most `LIST_LIMITS.lists` each: 422 `too_many_lists`). */
export async function createList(
  db: DB,
  profileId: string,
  input: NewList,
): Promise<HouseholdList> {
  return await db.transaction().execute(async (tx) => {
    const mine = owned(tx, profileId);
    const { n } = await mine.selectFrom("lists").select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    if (Number(n) >= LIST_LIMITS.lists) {
      throw new HttpError(
        422,
        "too_many_lists",
        `A profile can have at most ${LIST_LIMITS.lists} lists; delete one first.`,
        {},
        { max: LIST_LIMITS.lists },
      );
    }
    const at = now();
    const row = {
      id: newId(),
      name: input.name,
      kind: input.kind,
      shared: input.shared ? 1 : 0,
      created_at: at,
      updated_at: at,
    };
    await mine.insertInto("lists", row).execute();
    return toList({ ...row, profile_id: profileId }, profileId, { open: 0, total: 0 });
  });
}

/** A list the profile may read, with its items; 404 otherwise. */
export async function getList(
  db: DB | Tx,
  profileId: string,
  listId: string,
): Promise<ListWithItems> {
  const row = await listAccess(db, profileId, listId, "read");
  const items = await itemsOf(db, listId);
  const open = items.filter((i) => !i.done).length;
  return { ...toList(row, profileId, { open, total: items.length }), items };
}

/** What the feed sends first: the list as `profileId` reads it now. */
export async function snapshotEvent(
  db: DB,
  profileId: string,
  listId: string,
): Promise<ListEvent> {
  return { type: "snapshot", list: await getList(db, profileId, listId) };
}

/**
 * Renames, re-kinds, shares or unshares a list: its owner only. Unsharing ends the feeds of
 * everyone else.
 */
export async function updateList(
  { db, feeds }: ListDeps,
  profileId: string,
  listId: string,
  change: ListChange,
): Promise<HouseholdList> {
  const list = await db.transaction().execute(async (tx) => {
    await listAccess(tx, profileId, listId, "owner");
    await owned(tx, profileId, { lists: listNotFound }).update("lists", listId, {
      ...(change.name !== undefined && { name: change.name }),
      ...(change.kind !== undefined && { kind: change.kind }),
      ...(change.shared !== undefined && { shared: change.shared ? 1 : 0 }),
      updated_at: now(),
    });
    const row = await listAccess(tx, profileId, listId, "owner");
    return toList(row, profileId, await counts(tx, listId));
  });
  feeds.publish(listId, { type: "list", list: forFeed(list) });
  if (!list.shared) feeds.end(listId, "unshared", (who) => who !== profileId);
  return list;
}

/** Deletes a list with its items: its owner only. Every feed of it ends. */
export async function deleteList(
  { db, feeds }: ListDeps,
  profileId: string,
  listId: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await listAccess(tx, profileId, listId, "owner");
    await owned(tx, profileId, { lists: listNotFound }).delete("lists", listId);
  });
  feeds.end(listId, "deleted");
}

/**
 * Adds items at the end of a list the profile may change: at most `LIST_LIMITS.items` on a list
 * (422 `list_full`, nothing added).
 */
export async function addItems(
  { db, feeds }: ListDeps,
  profileId: string,
  listId: string,
  texts: string[],
): Promise<ListItem[]> {
  const items = await db.transaction().execute(async (tx) => {
    await listAccess(tx, profileId, listId, "items");
    const { n, last } = await tx.selectFrom("list_items")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("position").as("last")])
      .where("list_id", "=", listId).executeTakeFirstOrThrow();
    if (Number(n) + texts.length > LIST_LIMITS.items) {
      throw new HttpError(
        422,
        "list_full",
        `A list holds at most ${LIST_LIMITS.items} items; it has ${n}.`,
        {},
        { max: LIST_LIMITS.items, count: Number(n) },
      );
    }
    const at = now();
    const start = last === null ? 0 : Number(last) + 1;
    const rows = texts.map((text, i) => ({
      id: newId(),
      list_id: listId,
      text,
      done: 0,
      done_by: null,
      position: start + i,
      created_by: profileId,
      created_at: at,
      updated_at: at,
    }));
    // SQLite binds at most 32,766 values per statement: 9 per row, so 500 rows at a time.
    for (let i = 0; i < rows.length; i += 500) {
      await tx.insertInto("list_items").values(rows.slice(i, i + 500)).execute();
    }
    await tx.updateTable("lists").set({ updated_at: at }).where("id", "=", listId).execute();
    return rows.map(toItem);
  });
  if (items.length > BULK_AS_SNAPSHOT) {
    // One snapshot for a big paste. The feed is the same for every reader, so `mine` is false
    // here; a reader knows whether the list is its own from the page it opened.
    const list = await db.selectFrom("lists").selectAll().where("id", "=", listId)
      .executeTakeFirst();
    if (list) {
      const all = await itemsOf(db, listId);
      const open = all.filter((i) => !i.done).length;
      feeds.publish(listId, {
        type: "snapshot",
        list: { ...toList(list, "", { open, total: all.length }), items: all },
      });
    }
  } else for (const item of items) feeds.publish(listId, { type: "item", item });
  return items;
}

/** Edits or ticks/unticks an item (who ticked it is kept); anyone who may change the list. */
export async function updateItem(
  { db, feeds }: ListDeps,
  profileId: string,
  listId: string,
  itemId: string,
  change: ItemChange,
): Promise<ListItem> {
  const item = await db.transaction().execute(async (tx) => {
    await listAccess(tx, profileId, listId, "items");
    const at = now();
    const result = await tx.updateTable("list_items").set({
      ...(change.text !== undefined && { text: change.text }),
      ...(change.done !== undefined && {
        done: change.done ? 1 : 0,
        done_by: change.done ? profileId : null,
      }),
      updated_at: at,
    }).where("id", "=", itemId).where("list_id", "=", listId).executeTakeFirst();
    if (!result.numUpdatedRows) throw itemNotFound();
    await tx.updateTable("lists").set({ updated_at: at }).where("id", "=", listId).execute();
    return toItem(
      await tx.selectFrom("list_items").selectAll().where("id", "=", itemId)
        .executeTakeFirstOrThrow(),
    );
  });
  feeds.publish(listId, { type: "item", item });
  return item;
}

/** Deletes an item; anyone who may change the list. */
export async function deleteItem(
  { db, feeds }: ListDeps,
  profileId: string,
  listId: string,
  itemId: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await listAccess(tx, profileId, listId, "items");
    const result = await tx.deleteFrom("list_items").where("id", "=", itemId)
      .where("list_id", "=", listId).executeTakeFirst();
    if (!result.numDeletedRows) throw itemNotFound();
    await tx.updateTable("lists").set({ updated_at: now() }).where("id", "=", listId).execute();
  });
  feeds.publish(listId, { type: "deleted", id: itemId });
}

/**
 * Puts a list's items in the order of `ids`, which must name each of its items once (422
 * `reorder_mismatch` otherwise, so a reorder made on a stale copy changes nothing).
 */
export async function reorderItems(
  { db, feeds }: ListDeps,
  profileId: string,
  listId: string,
  ids: string[],
): Promise<ListItem[]> {
  const items = await db.transaction().execute(async (tx) => {
    await listAccess(tx, profileId, listId, "items");
    const current = await tx.selectFrom("list_items").select("id")
      .where("list_id", "=", listId).execute();
    const known = new Set(current.map((r) => r.id));
    if (ids.length !== known.size || !ids.every((id) => known.has(id))) {
      throw new HttpError(
        422,
        "reorder_mismatch",
        "The new order must name every item of the list once; reload the list and try again.",
        {},
        { field: "ids" },
      );
    }
    const at = now();
    for (const [position, id] of ids.entries()) {
      await tx.updateTable("list_items").set({ position, updated_at: at }).where("id", "=", id)
        .execute();
    }
    await tx.updateTable("lists").set({ updated_at: at }).where("id", "=", listId).execute();
    return await itemsOf(tx, listId);
  });
  feeds.publish(listId, { type: "order", ids });
  return items;
}
