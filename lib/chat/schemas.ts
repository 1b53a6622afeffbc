/** The shapes chat routes accept, in one place so the limits are the same everywhere. */
import { z } from "zod";
import { MAX_IMAGES_PER_MESSAGE } from "./attachments.ts";
import { MAX_MESSAGE_CHARS } from "./types.ts";

export { MAX_MESSAGE_CHARS };

const modelName = z.string().trim().min(1).max(200).regex(/^[\w.:/@+-]+$/, "is not a model name");

/** `POST /api/chat/stream`. */
export const sendSchema = z.strictObject({
  conversationId: z.string().min(1).max(64).optional(),
  content: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  model: modelName.optional(),
  /** Ids of unsent photos (`POST /api/chat/attachments`), each once. */
  images: z.array(z.string().min(1).max(64)).max(MAX_IMAGES_PER_MESSAGE)
    .refine((ids) => new Set(ids).size === ids.length, "names a photo twice").optional(),
});

/** Creating a conversation. */
export const createConversationSchema = z.strictObject({
  title: z.string().trim().max(200).optional(),
  model: modelName.optional(),
  systemPrompt: z.string().max(20_000).optional(),
  /** Whether a model that can think does so first (default true). */
  think: z.boolean().optional(),
  /** Assistant mode: messages may become actions (default false). */
  assistant: z.boolean().optional(),
  /** Agent mode: tools in the conversation's workspace (default false). */
  agent: z.boolean().optional(),
});

/** Renaming or changing a conversation. */
export const updateConversationSchema = z.strictObject({
  title: z.string().trim().max(200).optional(),
  model: modelName.optional(),
  systemPrompt: z.string().max(20_000).optional(),
  think: z.boolean().optional(),
  assistant: z.boolean().optional(),
  agent: z.boolean().optional(),
}).refine(
  (v) => Object.keys(v).length > 0,
  "send at least one of title, model, systemPrompt, think, assistant, agent",
);

/** Editing a message in place, or editing and sending it again. */
export const editMessageSchema = z.strictObject({
  content: z.string().trim().min(1).max(MAX_MESSAGE_CHARS),
  model: modelName.optional(),
});

/** Regenerating a reply. */
export const regenerateSchema = z.strictObject({ model: modelName.optional() });

/** Listing conversations. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(100).optional(),
  q: z.string().trim().max(200).optional(),
});

/** Listing messages (older pages by `before` = a seq). */
export const messagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});
