/**
 * What both chat pages load on the server: the sidebar's first page, and for an open
 * conversation its newest page of messages. A reply still streaming gets its task id from the
 * task registry, so the island can reattach to it.
 */
import { assistantUi } from "../../../components/chat/assistant_slot.ts";
import { requireProfile } from "../../../lib/auth/mod.ts";
import {
  getConversation,
  listConversations,
  listMessages,
  revealMessage,
} from "../../../lib/chat/store.ts";
import { conversationDocuments } from "../../../lib/documents/conversation_documents.ts";
import { messages } from "../../../lib/i18n/mod.ts";
import { workspaceUsage } from "../../../lib/workspace/usage.ts";
import { profileOwner } from "../../../lib/tasks/owner.ts";
import type { State } from "../../../utils.ts";
import type { ChatViewProps } from "../../../components/chat/types.ts";
import type { MessageView } from "../../../lib/chat/types.ts";

// The chat's lazy chunk (action cards, citations, the documents' chips) is there from the start on
// the server, so every page renders them the same way; the browser loads it when one shows.
assistantUi.value = await import("../../../components/chat/assistant_ui.tsx");

/** Messages rendered with the page; older ones load while scrolling up. */
export const HISTORY_PAGE = 50;
/** Conversations in the sidebar's first page. */
export const SIDEBAR_PAGE = 30;

/**
 * The chat island's props for conversation `id` (null: a new chat). 404 for another's. With
 * `message` (a search hit's link), that message's branch is opened.
 */
export async function loadChat(
  state: State,
  id: string | null,
  message?: string | null,
): Promise<ChatViewProps> {
  const profile = requireProfile({ state });
  const { db, tasks, config } = state.services;
  const conversations = await listConversations(db.kysely, profile.id, { limit: SIDEBAR_PAGE });
  const conversation = id ? await getConversation(db.kysely, profile.id, id) : null;
  if (conversation && message) {
    // Opening the hit's branch is a write: should it fail (a read-only box), the page still opens.
    await revealMessage(db.kysely, profile.id, conversation.id, message).catch((error) =>
      state.services.log.warn("could not open a message's branch", { error: String(error) })
    );
  }
  const history = conversation
    ? await listMessages(db.kysely, profile.id, conversation.id, { limit: HISTORY_PAGE })
    : { items: [], hasMore: false };
  // The documents it uses ("Use a document"), shown as chips above the composer.
  const documents = conversation
    ? (await conversationDocuments(state.services.db, profile.id, conversation.id))
      .map((d) => ({ id: d.id, name: d.name }))
    : [];
  const workspace = conversation
    ? (await workspaceUsage(db.kysely, profile.id, conversation.id)).files > 0
    : false;
  const running = history.items.some((m) => m.status === "streaming")
    ? tasks.list(profileOwner(profile.id), "chat")
    : [];
  const items = history.items.map((m): MessageView => {
    if (m.status !== "streaming" || m.meta.taskId) return m;
    const task = running.find((t) => t.meta.assistantMessageId === m.id);
    return { ...m, meta: { ...m.meta, taskId: task?.id } };
  });
  return {
    messages: messages(state.locale, "chat."),
    locale: state.locale,
    conversation,
    history: { items, hasMore: history.hasMore },
    conversations,
    defaultModel: config.current.models.chat,
    speech: state.services.speech !== null,
    profileId: profile.id,
    documents,
    workspace,
  };
}
