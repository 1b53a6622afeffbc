/**
 * Chat rows as the app sees them: a `conversations` or `messages` row (without its owner column,
 * which the profile's scope stamps and filters) as a `Conversation` or `Message`.
 */
import type { Database, MessagesTable } from "../db/schema.ts";
import type { Conversation, Message, MessageMeta, PathMessage } from "./types.ts";

/** A conversation row as a `Conversation`. */
export function toConversation(r: Omit<Database["conversations"], "profile_id">): Conversation {
  return {
    id: r.id,
    title: r.title,
    model: r.model,
    systemPrompt: r.system_prompt,
    think: r.think !== 0,
    assistant: r.assistant === 1,
    agent: r.agent === 1,
    leafId: r.leaf_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A message row as a `Message`; a damaged `meta` reads as `{}`. */
export function toMessage(r: Omit<MessagesTable, "profile_id">): Message {
  let meta: MessageMeta = {};
  try {
    meta = JSON.parse(r.meta);
  } catch {
    // A damaged meta column must not hide the message itself.
  }
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    parentId: r.parent_id,
    role: r.role,
    content: r.content,
    thinking: r.thinking,
    status: r.status,
    model: r.model,
    meta,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A row of `pathTo`'s query. */
export type PathRow = Pick<
  MessagesTable,
  "id" | "parent_id" | "role" | "content" | "status" | "meta"
>;

/**
 * A `pathTo` row as a `PathMessage`. Its `meta` is parsed only for what history reads: a user
 * message's photos, and with `sizes` (the path's last complete reply) the prompt's sizes. A
 * damaged meta reads as none, as in `toMessage`.
 */
export function toPathMessage(r: PathRow, sizes: boolean): PathMessage {
  const meta: PathMessage["meta"] = {};
  const photos = r.role === "user" && r.meta.includes('"images"');
  if (photos || sizes) {
    let all: MessageMeta = {};
    try {
      all = JSON.parse(r.meta);
    } catch {
      // A damaged meta column must not hide the message itself.
    }
    if (photos && Array.isArray(all.images)) meta.images = all.images;
    if (sizes) {
      if (all.promptTokens !== undefined) meta.promptTokens = all.promptTokens;
      if (all.promptEstimate !== undefined) meta.promptEstimate = all.promptEstimate;
    }
  }
  return {
    id: r.id,
    parentId: r.parent_id,
    role: r.role,
    content: r.content,
    status: r.status,
    meta,
  };
}
