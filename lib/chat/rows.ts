/**
 * Chat rows as the app sees them: a `conversations` or `messages` row (without its owner column,
 * which the profile's scope stamps and filters) as a `Conversation` or `Message`.
 */
import type { Database, MessagesTable } from "../db/schema.ts";
import type { Conversation, Message, MessageMeta } from "./types.ts";

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
