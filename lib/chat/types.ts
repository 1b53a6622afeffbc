/**
 * The chat API's shapes: conversations and messages as the API sends them, and the parts of
 * them the chat island reads. Browser-safe (type imports of other types.ts only); the store
 * builds these.
 */
import type { ModelInfo } from "../ai/types.ts";
import type { SourceRef } from "../documents/types.ts";

/** Who wrote a message. */
export type MessageRole = "system" | "user" | "assistant" | "tool";

/** How a saved reply ended (`streaming` while its task runs). */
export type MessageStatus =
  | "complete"
  | "streaming"
  | "cancelled"
  | "error"
  | "truncated"
  | "interrupted";

/** What a message carries besides its text; the known keys are typed. */
export interface MessageMeta {
  /** The task writing this reply, while it streams. */
  taskId?: string;
  tokensPerSecond?: number;
  completionTokens?: number;
  totalMs?: number;
  /** History messages left out to fit the context. */
  contextDropped?: number;
  /** How long a thinking model reasoned before its answer began (ms). */
  thinkingMs?: number;
  /** A user message's photos (`GET /api/chat/attachments/{id}` serves each). */
  images?: AttachmentInfo[];
  /** The passages a reply drew on, cited as `[n]` in its text (lib/rag/chat.ts). */
  sources?: SourceRef[];
  [key: string]: unknown;
}

/**
 * A message of a path as a reply's history needs it (`pathTo`): what the model reads, a user
 * message's photos, and on the path's last complete reply what its prompt was reported and
 * estimated at (`calibrate`).
 */
export type PathMessage = Pick<Message, "id" | "parentId" | "role" | "content" | "status"> & {
  meta: { images?: AttachmentInfo[]; promptTokens?: unknown; promptEstimate?: unknown };
};

/** Photos one message may carry. */
export const MAX_IMAGES_PER_MESSAGE = 4;

/** Longest message a person can send (characters, after trimming). */
export const MAX_MESSAGE_CHARS = 100_000;

/** A photo as the API describes it (`POST /api/chat/attachments` answers this). */
export interface AttachmentInfo {
  id: string;
  mime: "image/jpeg" | "image/png" | "image/webp";
  width: number;
  height: number;
  /** Bytes. */
  size: number;
}

/** A conversation as the API shows it. */
export interface Conversation {
  id: string;
  title: string;
  model: string;
  systemPrompt: string;
  /**
   * Whether a model that can think (capability `thinking`) reasons before answering; on by
   * default, as the model itself does. Models that cannot think ignore it.
   */
  think: boolean;
  /** Assistant mode: each message may become an action (a todo, an event…; lib/assistant/). */
  assistant: boolean;
  /** Agent mode: the model may use tools in the conversation's workspace (lib/agent/). */
  agent: boolean;
  /** The last message of the active path (null: the newest message). */
  leafId: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Which version a message is among its siblings (the messages with the same parent: an edit or a
 * regenerate adds one); `index` is 1-based, `ids` are oldest first.
 */
export interface Versions {
  index: number;
  count: number;
  ids: string[];
}

/** A message as the API shows it. */
export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  /** The message it follows (null for a first message). */
  parentId: string | null;
  /** Listed on the active path with siblings: which version it is. */
  versions?: Versions;
  role: MessageRole;
  content: string;
  /** A reply's reasoning, when its model thought before answering ("" when it did not). */
  thinking: string;
  status: MessageStatus;
  model: string | null;
  meta: MessageMeta;
  createdAt: string;
  updatedAt: string;
}

/** The part of a conversation the chat island reads (the sidebar, the header). */
export type ConversationView = Pick<
  Conversation,
  "id" | "title" | "model" | "think" | "assistant" | "agent" | "updatedAt"
>;

/** The part of a message the chat island reads. */
export type MessageView = Pick<
  Message,
  "id" | "seq" | "role" | "content" | "thinking" | "status" | "model" | "meta" | "versions"
>;

/** A page of messages, oldest first. */
export interface MessagePage {
  items: MessageView[];
  hasMore: boolean;
}

/** A page of conversations, newest first; `next` is the cursor of the following page. */
export interface ConversationPage {
  items: ConversationView[];
  next: string | null;
}

/** `GET /api/chat/models`: the models a chat can use right now, and the household default. */
export interface ChatModels {
  models: ModelInfo[];
  default: string;
}
