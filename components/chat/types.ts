/**
 * The chat island's own types: its props and the live state of a reply. The API's shapes live
 * in `lib/chat/types.ts` (browser-safe) and are re-exported here for the island's parts.
 */
import type { ConversationPage, ConversationView, MessagePage } from "../../lib/chat/types.ts";
import type { SourceRef } from "../../lib/documents/types.ts";
import type { ApprovalRequest, ToolStep } from "../../lib/agent/types.ts";

export type {
  ConversationPage,
  ConversationView,
  MessagePage,
  MessageStatus,
  MessageView,
} from "../../lib/chat/types.ts";

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
  /** The box has a speech server: push-to-talk and read-aloud work. */
  speech?: boolean;
  /** Whose chat this is (drafts are kept per profile on a shared device). */
  profileId: string;
  /** The documents the conversation uses ("Use a document"), shown as chips. */
  documents: { id: string; name: string }[];
  /** The conversation's workspace holds files (the header offers "Files"). */
  workspace?: boolean;
}

/** The live state of the reply being streamed. */
export interface LiveReply {
  /** Id of the assistant message (from the `meta` event; "" until it arrives). */
  id: string;
  text: string;
  /** The model's reasoning so far (`thinking` events), shown collapsed above the text. */
  thinking: string;
  /** How long it reasoned (ms), once the answer began; unset while it still thinks. */
  thoughtMs?: number;
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
  /**
   * What the reply waits for before its first token (`wait` events): its place in the model
   * queue, the model loading, the model reading the prompt. Cleared by the first token.
   */
  wait?: { state: "queued" | "loading" | "reading"; position?: number };
  /** The passages the reply draws on (`sources` event), cited as `[n]`. */
  sources?: SourceRef[];
  /** An agent reply's tool steps (`tool` events), newest state of each. */
  steps?: ToolStep[];
  /** Steps waiting for the person's approval, and how each was decided (`approval` events). */
  approvals?: ApprovalRequest[];
  /** Set once the `done` event arrived. */
  final?: {
    tokensPerSecond?: number;
    completionTokens?: number;
    totalMs?: number;
    thinkingMs?: number;
  };
}
