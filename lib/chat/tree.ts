/**
 * A conversation is a tree (migration 0021): each message's `parent_id` is the one it follows, an
 * edit or a regenerate adds a sibling, and `conversations.leaf_id` ends the active path, the one
 * shown and sent to the model. This module reads the tree's shape (ids, parents, seq: no text)
 * through the profile's scope and answers the path questions in memory:
 *
 * - the active path: from the leaf up by parent (a missing or foreign leaf: the newest message);
 * - a message's versions: it and its siblings (same parent), oldest first;
 * - the newest leaf below a message: following the most recently written child at each step.
 *
 * A conversation's shape is read whole (three short columns per message, at most `MAX_TREE`), so
 * every walk is bounded by the messages read.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema.ts";
import { owned } from "../db/owned.ts";
import type { Versions } from "./types.ts";

/** Most messages of one conversation whose shape is read (the newest, by seq). */
export const MAX_TREE = 200_000;

/** One message's place in the tree. */
export interface TreeNode {
  id: string;
  parentId: string | null;
  seq: number;
}

/** A conversation's shape. */
export class Tree {
  readonly nodes = new Map<string, TreeNode>();
  /** Children by parent id ("" for the first messages), oldest first. */
  readonly children = new Map<string, TreeNode[]>();
  #newest: TreeNode | undefined;

  /** `nodes` in any order; `leafId` as stored. */
  constructor(nodes: TreeNode[], readonly storedLeaf: string | null) {
    for (const n of [...nodes].sort((a, b) => a.seq - b.seq)) {
      this.nodes.set(n.id, n);
      const key = n.parentId ?? "";
      const list = this.children.get(key);
      if (list) list.push(n);
      else this.children.set(key, [n]);
      this.#newest = n;
    }
  }

  /** The end of the active path: the stored leaf while it exists, else the newest message. */
  get leaf(): string | null {
    if (this.storedLeaf && this.nodes.has(this.storedLeaf)) return this.storedLeaf;
    return this.#newest?.id ?? null;
  }

  /** The path from the first message down to `leafId` (default: the active leaf). */
  path(leafId: string | null = this.leaf): TreeNode[] {
    const out: TreeNode[] = [];
    // A parent is always older, so the walk ends; the count guards damaged data.
    for (let n = leafId ? this.nodes.get(leafId) : undefined; n && out.length <= this.nodes.size;) {
      out.push(n);
      n = n.parentId ? this.nodes.get(n.parentId) : undefined;
    }
    return out.reverse();
  }

  /** `id` and its siblings, when it has any. */
  versions(id: string): Versions | undefined {
    const n = this.nodes.get(id);
    const siblings = n && this.children.get(n.parentId ?? "");
    if (!siblings || siblings.length < 2) return undefined;
    const ids = siblings.map((s) => s.id);
    return { index: ids.indexOf(id) + 1, count: ids.length, ids };
  }

  /**
   * The newest leaf below `id` (itself when it has no children), following the most recently
   * written child at each step; `null` starts from the newest first message.
   */
  newestLeaf(id: string | null): string | null {
    let at = id ? this.nodes.get(id) : this.children.get("")?.at(-1);
    for (let steps = 0; at && steps <= this.nodes.size; steps++) {
      const next = this.children.get(at.id)?.at(-1);
      if (!next) return at.id;
      at = next;
    }
    return at?.id ?? null;
  }

  /** `id` and everything below it. */
  subtree(id: string): string[] {
    const out: string[] = [];
    const todo = [id];
    while (todo.length && out.length <= this.nodes.size) {
      const at = todo.pop()!;
      out.push(at);
      for (const c of this.children.get(at) ?? []) todo.push(c.id);
    }
    return out;
  }
}

/** Reads the shape of the profile's conversation (empty for an unknown one). */
export async function readTree(
  db: Kysely<Database>,
  profileId: string,
  conversationId: string,
): Promise<Tree> {
  const mine = owned(db, profileId);
  const conversation = await mine.selectFrom("conversations").select("leaf_id")
    .where("id", "=", conversationId).executeTakeFirst();
  if (!conversation) return new Tree([], null);
  const rows = await mine.selectFrom("messages").select(["id", "parent_id", "seq"])
    .where("conversation_id", "=", conversationId).orderBy("seq", "desc").limit(MAX_TREE)
    .execute();
  return new Tree(
    rows.map((r) => ({ id: r.id, parentId: r.parent_id, seq: r.seq })),
    conversation.leaf_id,
  );
}

/**
 * One page of the active path without reading the whole tree: from the leaf up by parent (a
 * recursive query that stops once `limit` + 1 messages older than `before` are found), oldest
 * first, with the versions of each. Like full-text search (lib/search), this is SQL of its own
 * rather than a scoped builder: every `messages` row it reads is filtered on the owner.
 */
export async function pathPage(
  db: Kysely<Database>,
  profileId: string,
  conversationId: string,
  { limit, before }: { limit: number; before?: number },
): Promise<{ nodes: TreeNode[]; hasMore: boolean; versions: Map<string, Versions> }> {
  const mine = owned(db, profileId);
  const stored = (await mine.selectFrom("conversations").select("leaf_id")
    .where("id", "=", conversationId).executeTakeFirst())?.leaf_id;
  const exists = (id: string) =>
    mine.selectFrom("messages").select("id").where("id", "=", id)
      .where("conversation_id", "=", conversationId).executeTakeFirst();
  // A missing leaf (none yet, or deleted): the newest message ends the path.
  const leaf = (stored ? await exists(stored) : undefined)?.id ?? (await mine.selectFrom("messages")
    .select("id").where("conversation_id", "=", conversationId).orderBy("seq", "desc").limit(1)
    .executeTakeFirst())?.id;
  if (!leaf) return { nodes: [], hasMore: false, versions: new Map() };
  const below = before ?? Number.MAX_SAFE_INTEGER;
  // `k` counts the messages older than `before` so far; a parent must be older than its child,
  // so damaged data cannot loop.
  const { rows } = await sql<{ id: string; parent_id: string | null; seq: number }>`
    WITH RECURSIVE up(id, parent_id, seq, k) AS (
      SELECT id, parent_id, seq, seq < ${below} FROM messages
      WHERE id = ${leaf} AND profile_id = ${profileId}
      UNION ALL
      SELECT m.id, m.parent_id, m.seq, up.k + (m.seq < ${below}) FROM messages m
      JOIN up ON m.id = up.parent_id
      WHERE m.profile_id = ${profileId} AND m.seq < up.seq AND up.k <= ${limit}
    )
    SELECT id, parent_id, seq FROM up WHERE seq < ${below}`.execute(db);
  const path = rows.map((r) => ({ id: r.id, parentId: r.parent_id, seq: r.seq }));
  const nodes = path.slice(0, limit).reverse();
  // The siblings of the page's messages: the children of their parents.
  const parents = [...new Set(nodes.flatMap((n) => n.parentId ? [n.parentId] : []))];
  const root = nodes.some((n) => !n.parentId);
  const siblings = await mine.selectFrom("messages").select(["id", "parent_id", "seq"])
    .where("conversation_id", "=", conversationId)
    .where((eb) =>
      eb.or([
        ...(parents.length ? [eb("parent_id", "in", parents)] : []),
        ...(root ? [eb("parent_id", "is", null)] : []),
      ])
    ).execute();
  // (Unordered, so SQLite looks them up by parent; the tree sorts them.)
  const tree = new Tree(
    siblings.map((r) => ({ id: r.id, parentId: r.parent_id, seq: r.seq })),
    null,
  );
  const versions = new Map<string, Versions>();
  for (const n of nodes) {
    const v = tree.versions(n.id);
    if (v) versions.set(n.id, v);
  }
  return { nodes, hasMore: path.length > limit, versions };
}

/**
 * `Tree.newestLeaf(id)` without reading the tree: down from message `id`, at each step the most
 * recently written child (by the `messages_children` index), in one recursive query filtered on
 * the owner. Null when `id` is not the profile's.
 */
export async function newestLeafBelow(
  db: Kysely<Database>,
  profileId: string,
  id: string,
): Promise<string | null> {
  const { rows } = await sql<{ id: string }>`
    WITH RECURSIVE down(id, conversation_id, seq) AS (
      SELECT id, conversation_id, seq FROM messages WHERE id = ${id} AND profile_id = ${profileId}
      UNION ALL
      SELECT m.id, m.conversation_id, m.seq FROM down JOIN messages m
        ON m.conversation_id = down.conversation_id AND m.parent_id = down.id
      WHERE m.profile_id = ${profileId} AND m.seq > down.seq AND m.seq = (
        SELECT max(c.seq) FROM messages c
        WHERE c.conversation_id = down.conversation_id AND c.parent_id = down.id
      )
    )
    SELECT id FROM down ORDER BY seq DESC LIMIT 1`.execute(db);
  return rows[0]?.id ?? null;
}
