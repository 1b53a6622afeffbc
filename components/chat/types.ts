/**
 * The chat API's shapes as the chat island sees them (the server's own types live in
 * `lib/chat/store.ts`; these are copies so that browser code never imports server modules).
 */

/** A conversation in the sidebar. */
export interface ConversationView {
  id: string;
  title: string;
  model: string;
  updatedAt: string;
}

/** How a saved reply ended (`streaming` while its task runs). */
export type MessageStatus =
  | "complete"
  | "streaming"
  | "cancelled"
  | "error"
  | "truncated"
  | "interrupted";

/** A message of the open conversation. */
export interface MessageView {
  id: string;
  seq: number;
  role: "user" | "assistant" | "system" | "tool";
  content: string;
  status: MessageStatus;
  model: string | null;
  meta: {
    taskId?: string;
    tokensPerSecond?: number;
    completionTokens?: number;
    totalMs?: number;
    contextDropped?: number;
    [key: string]: unknown;
  };
}

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

/** What the chat island needs from the page. */
export interface ChatViewProps {
  /** The `chat.*` messages in the page's language. */
  messages: Record<string, string>;
  /** The page's language (dates, numbers). */
  locale: string;
  /** The open conversation; null on the "new chat" page. */
  conversation: ConversationView | null;
  /** Its newest messages (oldest first), as the server rendered them. */
  history: MessagePage;
  /** The first page of the sidebar. */
  conversations: ConversationPage;
  /** The household's default chat model ("" when none is chosen). */
  defaultModel: string;
}

/** The live state of the reply being streamed. */
export interface LiveReply {
  /** Id of the assistant message (from the `meta` event; "" until it arrives). */
  id: string;
  text: string;
  /** Tokens received so far. */
  tokens: number;
  /** When the request started (performance.now()). */
  startedAt: number;
  /** Live rate, or null until it can be measured. */
  tokensPerSecond: number | null;
  /** History messages left out to fit the context (`context` event). */
  dropped: number;
  /** The connection is being retried. */
  link: "live" | "retrying" | "offline";
  /** Set once the `done` event arrived. */
  final?: { tokensPerSecond?: number; completionTokens?: number; totalMs?: number };
}
