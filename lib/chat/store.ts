/**
 * Conversations and messages. Every function takes the owner's profile id and every query goes
 * through `owned` (`lib/db/owned.ts`), so it only ever touches that profile's rows: another
 * profile's id behaves exactly like a missing one (404).
 */
import type { Kysely } from "kysely";
import type { Database, MessagesTable } from "../db/schema.ts";
import { fixedQuery } from "../db/fixed.ts";
import { newId } from "../db/ids.ts";
import { type NotFound, type Owned, owned } from "../db/owned.ts";
import { HttpError } from "../http/errors.ts";
import { newestLeafBelow, pathPage, readTree } from "./tree.ts";
import { toConversation, toMessage } from "./rows.ts";
import type { Conversation, Message } from "./types.ts";

type DB = Kysely<Database>;

const now = () => new Date().toISOString();

function notFound(what: "conversation" | "message"): HttpError {
  return new HttpError(404, `${what}_not_found`, `No such ${what}.`);
}

const NOT_FOUND: NotFound<Database> = {
  conversations: () => notFound("conversation"),
  messages: () => notFound("message"),
};

/** The profile's scope over the chat tables, with chat's 404 codes. */
export function mine(db: DB, profileId: string): Owned<Database> {
  return owned(db, profileId, NOT_FOUND);
}

/** Starts a conversation. */
export async function createConversation(
  db: DB,
  profileId: string,
  input: {
    title?: string;
    model?: string;
    systemPrompt?: string;
    think?: boolean;
    assistant?: boolean;
    agent?: boolean;
  } = {},
): Promise<Conversation> {
  const at = now();
  const row = {
    id: newId(),
    title: input.title ?? "",
    model: input.model ?? "",
    system_prompt: input.systemPrompt ?? "",
    think: input.think === false ? 0 : 1,
    assistant: input.assistant ? 1 : 0,
    agent: input.agent ? 1 : 0,
    leaf_id: null,
    created_at: at,
    updated_at: at,
  };
  await mine(db, profileId).insertInto("conversations", row).execute();
  return toConversation(row);
}

/** One conversation of the profile, or 404. */
export async function getConversation(
  db: DB,
  profileId: string,
  id: string,
): Promise<Conversation> {
  const [row] = (await conversationRow(db, profileId, id)).rows;
  if (!row) throw notFound("conversation");
  return toConversation(row);
}

// Compiled once (lib/db/fixed.ts), as `mine().get` would read it: a photo's check reads it before
// every reply that carries one, and most conversation routes.
const conversationRow = fixedQuery((db: DB, profileId: string, id: string) =>
  mine(db, profileId).selectFrom("conversations").selectAll().where("id", "=", id)
);

/** A page of the profile's conversations, most recently active first. */
export async function listConversations(
  db: DB,
  profileId: string,
  { limit = 50, before, q }: { limit?: number; before?: string; q?: string } = {},
): Promise<{ items: Conversation[]; next: string | null }> {
  const scope = mine(db, profileId);
  let query = scope.selectFrom("conversations").selectAll();
  if (before) {
    // The cursor is "updatedAt|id" of the last item of the previous page.
    const [at, id] = before.split("|");
    query = query.where((eb) =>
      eb.or([
        eb("updated_at", "<", at),
        eb.and([eb("updated_at", "=", at), eb("id", "<", id ?? "")]),
      ])
    );
  }
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("title", "like", eb.val(like)),
        eb.exists(
          scope.selectFrom("messages", eb).select("messages.id")
            .whereRef("messages.conversation_id", "=", "conversations.id")
            .where("messages.content", "like", like),
        ),
      ])
    );
  }
  const rows = await query.orderBy("updated_at", "desc").orderBy("id", "desc").limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(toConversation);
  const last = items.at(-1);
  return { items, next: rows.length > limit && last ? `${last.updatedAt}|${last.id}` : null };
}

/** Changes a conversation's title, model, system prompt or whether its model thinks. */
export async function updateConversation(
  db: DB,
  profileId: string,
  id: string,
  patch: {
    title?: string;
    model?: string;
    systemPrompt?: string;
    think?: boolean;
    assistant?: boolean;
    agent?: boolean;
  },
): Promise<Conversation> {
  await mine(db, profileId).update("conversations", id, {
    ...(patch.title !== undefined && { title: patch.title }),
    ...(patch.think !== undefined && { think: patch.think ? 1 : 0 }),
    ...(patch.assistant !== undefined && { assistant: patch.assistant ? 1 : 0 }),
    ...(patch.agent !== undefined && { agent: patch.agent ? 1 : 0 }),
    ...(patch.model !== undefined && { model: patch.model }),
    ...(patch.systemPrompt !== undefined && { system_prompt: patch.systemPrompt }),
    updated_at: now(),
  });
  return await getConversation(db, profileId, id);
}

/** Deletes a conversation and, by cascade, its messages and their search entries. */
export async function deleteConversation(db: DB, profileId: string, id: string): Promise<void> {
  await mine(db, profileId).delete("conversations", id);
}

/**
 * The active path's messages in order (from the leaf up by parent: lib/chat/tree.ts), each with
 * its `versions` when it has siblings; `before` (a seq) pages backwards from the leaf for long
 * conversations.
 */
export async function listMessages(
  db: DB,
  profileId: string,
  conversationId: string,
  page: { limit?: number; before?: number } = {},
): Promise<{ items: Message[]; hasMore: boolean }> {
  await getConversation(db, profileId, conversationId);
  return await readMessages(db, profileId, conversationId, page);
}

/**
 * `listMessages` without the conversation's 404 (an unknown conversation just has no messages),
 * for a caller that checked it in the same transaction (a reply's start).
 */
export async function readMessages(
  db: DB,
  profileId: string,
  conversationId: string,
  { limit = 100, before }: { limit?: number; before?: number } = {},
): Promise<{ items: Message[]; hasMore: boolean }> {
  const { nodes, hasMore, versions } = await pathPage(db, profileId, conversationId, {
    limit,
    before,
  });
  if (!nodes.length) return { items: [], hasMore };
  const rows = await mine(db, profileId).selectFrom("messages").selectAll()
    .where("id", "in", nodes.map((n) => n.id)).orderBy("seq", "asc").execute();
  const items = rows.map((r) => {
    const v = versions.get(r.id);
    return { ...toMessage(r), ...(v && { versions: v }) };
  });
  return { items, hasMore };
}

/** Every message of every branch, oldest first (an export's JSON); at most `limit`. */
export async function allMessages(
  db: DB,
  profileId: string,
  conversationId: string,
  limit: number,
): Promise<Message[]> {
  const rows = await mine(db, profileId).selectFrom("messages").selectAll()
    .where("conversation_id", "=", conversationId).orderBy("seq", "asc").limit(limit).execute();
  return rows.map(toMessage);
}

/** The first message of the conversation's active path, if it has one. */
export async function firstMessage(
  db: DB,
  profileId: string,
  conversationId: string,
): Promise<Message | undefined> {
  const first = (await readTree(db, profileId, conversationId)).path()[0];
  return first && await getMessage(db, profileId, first.id);
}

/**
 * Makes the branch through message `id` active: the leaf becomes the newest leaf below it,
 * following the most recently written child at each step. Returns its conversation's id.
 */
export async function selectMessage(db: DB, profileId: string, id: string): Promise<string> {
  const message = await getMessage(db, profileId, id);
  await setLeaf(db, profileId, message.conversationId, await newestLeafBelow(db, profileId, id));
  return message.conversationId;
}

/**
 * Opens a conversation at message `id` (a search hit's link): its branch becomes active unless it
 * is on the active path already. An id not in the conversation (deleted since, or another's)
 * changes nothing.
 */
export async function revealMessage(
  db: DB,
  profileId: string,
  conversationId: string,
  id: string,
): Promise<void> {
  const tree = await readTree(db, profileId, conversationId);
  if (!tree.nodes.has(id) || tree.path().some((n) => n.id === id)) return;
  await setLeaf(db, profileId, conversationId, tree.newestLeaf(id));
}

/** Sets the end of a conversation's active path (not its `updated_at`: nothing was written). */
export async function setLeaf(
  db: DB,
  profileId: string,
  conversationId: string,
  leafId: string | null,
): Promise<void> {
  await mine(db, profileId).updateTable("conversations", { leaf_id: leafId })
    .where("id", "=", conversationId).execute();
}

/** One message of the profile, or 404. */
export async function getMessage(db: DB, profileId: string, id: string): Promise<Message> {
  return toMessage(await mine(db, profileId).get("messages", id));
}

/** What a new message says. */
export interface NewMessage {
  role: Message["role"];
  content: string;
  /** A reply's reasoning (default none). */
  thinking?: string;
  status?: Message["status"];
  model?: string | null;
  meta?: Record<string, unknown>;
  /** The message it follows; default: the end of the conversation's active path. */
  parentId?: string | null;
  /**
   * Make it the end of the active path (default). A reply's start, which appends the answer in
   * the same transaction, moves the path's end once, to the answer.
   */
  leaf?: boolean;
}

/** Appends a message at the end of a conversation (in one transaction with its sequence number). */
export async function addMessage(
  db: DB,
  profileId: string,
  conversationId: string,
  input: NewMessage,
): Promise<Message> {
  const append = async (tx: DB) => {
    await getConversation(tx, profileId, conversationId);
    return await insertMessage(
      tx,
      profileId,
      conversationId,
      await nextSeq(tx, profileId, conversationId),
      input,
    );
  };
  // Inside a caller's transaction it joins that one.
  return db.isTransaction ? await append(db) : await db.transaction().execute(append);
}

/** The sequence number a message appended to the conversation now gets. */
export async function nextSeq(tx: DB, profileId: string, conversationId: string): Promise<number> {
  const { rows } = await maxSeq(tx, profileId, conversationId);
  return (rows[0]?.max ?? 0) + 1;
}

// A reply's start runs these in its transaction: compiled once (lib/db/fixed.ts).
const maxSeq = fixedQuery((db: DB, profileId: string, conversationId: string) =>
  mine(db, profileId).selectFrom("messages").select((eb) => eb.fn.max("seq").as("max"))
    .where("conversation_id", "=", conversationId)
);
const insertRow = fixedQuery((
  db: DB,
  profileId: string,
  id: string,
  conversationId: string,
  seq: number,
  parentId: string | null,
  role: string,
  content: string,
  thinking: string,
  status: string,
  model: string | null,
  meta: string,
  at: string,
) =>
  mine(db, profileId).insertInto("messages", {
    id,
    conversation_id: conversationId,
    seq,
    parent_id: parentId,
    role: role as MessagesTable["role"],
    content,
    thinking,
    status: status as MessagesTable["status"],
    model,
    meta,
    created_at: at,
    updated_at: at,
  })
);
const moveLeaf = fixedQuery((db: DB, profileId: string, id: string, leafId: string, at: string) =>
  mine(db, profileId).updateTable("conversations", { updated_at: at, leaf_id: leafId })
    .where("id", "=", id)
);

/**
 * Inserts a message at `seq` and marks the conversation active. No checks: for a caller that,
 * in the same transaction, checked the conversation is the profile's and found `seq` free
 * (`addMessage` and a reply's start).
 */
export async function insertMessage(
  tx: DB,
  profileId: string,
  conversationId: string,
  seq: number,
  input: NewMessage,
): Promise<Message> {
  const at = now();
  const scope = mine(tx, profileId);
  const parentId = input.parentId !== undefined ? input.parentId : (await scope
    .selectFrom("conversations").select("leaf_id").where("id", "=", conversationId)
    .executeTakeFirst())?.leaf_id ?? null;
  const row: Omit<MessagesTable, "profile_id"> = {
    id: newId(),
    conversation_id: conversationId,
    seq,
    parent_id: parentId,
    role: input.role,
    content: input.content,
    thinking: input.thinking ?? "",
    status: input.status ?? "complete",
    model: input.model ?? null,
    meta: JSON.stringify(input.meta ?? {}),
    created_at: at,
    updated_at: at,
  };
  await insertRow(
    tx,
    profileId,
    row.id,
    conversationId,
    seq,
    parentId,
    row.role,
    row.content,
    row.thinking,
    row.status,
    row.model,
    row.meta,
    at,
  );
  // The new message ends the active path.
  if (input.leaf !== false) await moveLeaf(tx, profileId, conversationId, row.id, at);
  return toMessage(row);
}

/** Changes a message's content, status or meta (meta is merged). */
export async function updateMessage(
  db: DB,
  profileId: string,
  id: string,
  patch: { content?: string; status?: Message["status"]; meta?: Record<string, unknown> },
): Promise<Message> {
  const current = await getMessage(db, profileId, id);
  await mine(db, profileId).updateTable("messages", {
    ...(patch.content !== undefined && { content: patch.content }),
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.meta !== undefined && { meta: JSON.stringify({ ...current.meta, ...patch.meta }) }),
    updated_at: now(),
  }).where("id", "=", id).execute();
  return await getMessage(db, profileId, id);
}

/**
 * Deletes a message and everything that followed it on any branch (nothing is left without its
 * parent). When the active path ran through it, the path moves to its parent's newest remaining
 * branch (its parent itself when none is left; for a first message, the newest other first
 * message's). Returns how many messages went.
 */
export async function deleteMessage(db: DB, profileId: string, id: string): Promise<number> {
  const remove = async (tx: DB) => {
    const message = await getMessage(tx, profileId, id);
    const tree = await readTree(tx, profileId, message.conversationId);
    const gone = tree.subtree(id);
    const onPath = tree.path().some((n) => n.id === id);
    let deleted = 0;
    // In slices, so no statement carries too many parameters.
    for (let i = 0; i < gone.length; i += 500) {
      const result = await mine(tx, profileId).deleteFrom("messages")
        .where("conversation_id", "=", message.conversationId)
        .where("id", "in", gone.slice(i, i + 500)).executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    if (onPath) {
      const rest = await readTree(tx, profileId, message.conversationId);
      await setLeaf(tx, profileId, message.conversationId, rest.newestLeaf(message.parentId));
    }
    return deleted;
  };
  return db.isTransaction ? await remove(db) : await db.transaction().execute(remove);
}
