/** The list shapes the API and the live feed send (browser-safe). */

/** The kinds a list can be. */
export const LIST_KINDS = ["shopping", "chores", "packing", "other"] as const;
export type ListKind = typeof LIST_KINDS[number];

/** Caps: lists per profile, items per list, characters of a name and of an item. */
export const LIST_LIMITS = { lists: 200, items: 2_000, name: 100, text: 500 } as const;

/** A list as its readers see it. */
export interface HouseholdList {
  id: string;
  name: string;
  kind: ListKind;
  /** Open to the whole household, or only to its owner. */
  shared: boolean;
  /** The owner's profile id. */
  ownerId: string;
  /** Whether the asking profile owns it (may rename, unshare, delete it). */
  mine: boolean;
  /** Items not yet ticked, and all items. */
  open: number;
  total: number;
  createdAt: string;
  updatedAt: string;
}

/** One item of a list. */
export interface ListItem {
  id: string;
  listId: string;
  text: string;
  done: boolean;
  /** Who ticked it (null while open, or once that profile is deleted). */
  doneBy: string | null;
  position: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A list with its items, in order. */
export interface ListWithItems extends HouseholdList {
  items: ListItem[];
}

/**
 * What the live feed (`GET /api/lists/{id}/events`) sends, one JSON object per SSE `data:`.
 * `snapshot` comes first (and again after the client was too slow to keep up); `closed` ends it.
 */
export type ListEvent =
  | { type: "snapshot"; list: ListWithItems }
  | { type: "item"; item: ListItem }
  | { type: "deleted"; id: string }
  | { type: "order"; ids: string[] }
  | { type: "list"; list: Omit<HouseholdList, "mine"> }
  | { type: "closed"; reason: "unshared" | "deleted" | "shutdown" | "slow" };
