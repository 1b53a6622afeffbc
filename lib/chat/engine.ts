/**
 * Replies as server-side tasks: the user's message is saved, an assistant message is created
 * in state `streaming`, and a task streams the model's reply into its buffer. The text is saved
 * as it streams (`ReplyWriter`: about once a second), so a crash keeps it; whatever the ending
 * (complete, cancelled, error, truncated, shutdown), the task's onEnd saves the rest with the
 * reply's status and stats, whether or not anyone is still listening.
 *
 * Stream events: `meta` (ids), `context` (only when history was cut), `thinking` (a thinking
 * model's reasoning before its answer: `text`, plus `count`; saved apart, never sent back as
 * history), `token` (`text`, plus `count` when several tokens arrived together), `tool` and
 * `approval` (agent mode: a tool step as it starts, waits and ends, kept in `meta.steps`, and an
 * approval asked and decided: lib/agent/), `action`
 * (assistant mode: the card of what was done or found, lib/assistant/), `sources` (the passages of
 * the conversation's or `#named` documents the reply may cite as `[n]`, before the first token;
 * kept in the reply's `meta.sources`: lib/rag/chat.ts), `done`
 * (usage, tokens/s, `thinkingMs`), then `[DONE]`; or `error` then `[DONE]`.
 */
import type { Kysely } from "kysely";
import type { ChatProvider, ChatRequest } from "../ai/types.ts";
import type { Db } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import type { Logger } from "../log/logger.ts";
import type { Database } from "../db/schema.ts";
import { newTaskId, type TaskRegistry } from "../tasks/registry.ts";
import { profileOwner } from "../tasks/owner.ts";
import type { Task, TaskStatus } from "../tasks/task.ts";
import { replyStats, startTask, STATUS, textHistory, toChatMessage } from "./reply_parts.ts";
import { type HistoryMessage, linkAttachments, photosToSend, withImages } from "./attachments.ts";
import { buildContext, calibrate } from "./context.ts";
import { waitData } from "./events.ts";
import { type ModelContext, modelContext } from "./model_context.ts";
import { nameConversation, provisionalTitle } from "./titles.ts";
import { type ReplySaving, ReplyWriter } from "./reply_writer.ts";
import { getMessage, insertMessage, mine, nextSeq, setLeaf, updateConversation } from "./store.ts";
import { conversationForReply, newReplyConversation, pathTo } from "./reply_reads.ts";
import type { Conversation, Message } from "./types.ts";
import type { ReadyReply } from "../push/service.ts";
import type { AssistantResult, AssistantTurn } from "../assistant/turn.ts";
import type { DocumentContext, DocumentTurn } from "../rag/chat.ts";
import type { SourceRef } from "../documents/types.ts";
import type { AgentResult, AgentTurn } from "../agent/loop.ts";
import type { ToolStep } from "../agent/types.ts";
import { endedSteps } from "../agent/step.ts";
import { checkReplyOf } from "../limits/check.ts";

/** What the engine needs. */
export interface ChatDeps {
  db: Db;
  tasks: TaskRegistry;
  /** The provider to use now (config may change between replies). */
  provider(): ChatProvider;
  log: Logger;
  /** The household's default model (config `models.chat`). */
  defaultModel(): string;
  /** The admin's context sizes per model (config `models.contextSizes`). */
  contextSizes?(): Record<string, number>;
  /** Tokens kept free for the reply (at most a quarter of the window). */
  reserve?: number;
  /** The clock limits read (quiet hours, the day replies count for); default `Date.now`. */
  now?(): number;
  /** How often a streaming reply's text is saved (default: about once a second). */
  saving?: ReplySaving;
  /** Told when a reply completed (not cancelled or failed): Web Push may announce it. */
  replyReady?(reply: ReadyReply): void;
  /** Answers a message in assistant mode (lib/assistant/); absent, such a chat answers plainly. */
  assistant?(turn: AssistantTurn): Promise<AssistantResult>;
  /** Answers in an agent conversation with tools (lib/agent/loop.ts); absent, plainly. */
  agent?(turn: AgentTurn): Promise<AgentResult>;
  /**
   * The retrieval step (lib/rag/chat.ts `documentContext`): null when the turn has no documents;
   * absent, replies never read documents.
   */
  documents?(turn: DocumentTurn): Promise<DocumentContext | null>;
}

/** What a started reply returns to the route. */
export interface StartedReply {
  task: Task;
  conversation: Conversation;
  userMessage: Message;
  assistantMessage: Message;
  /**
   * Settles after the reply ended and, for a new conversation, its title was asked for: the
   * title stored, or null. Nobody needs to wait for it; tests do.
   */
  titled: Promise<string | null>;
}

/** Messages of history a reply reads at most (the context's budget usually cuts earlier). */
const HISTORY_LIMIT = 500;

/** What `sendMessage` sends. */
export interface NewUserMessage {
  profileId: string;
  conversationId?: string;
  content: string;
  model?: string;
  /** Ids of the profile's unsent photos (`POST /api/chat/attachments`) the message carries. */
  images?: string[];
}

/**
 * Sends a new user message (creating the conversation when there is none) and starts the reply.
 * Its photos must be the profile's, unsent, and for a model that can see: checked before
 * anything is stored, and linked to the message in the transaction that stores it.
 */
export async function sendMessage(deps: ChatDeps, input: NewUserMessage): Promise<StartedReply> {
  const photos = input.images?.length ? await photosToSend(deps, input) : [];
  return await startReply(deps, input.profileId, input.model, async (tx) => {
    const { conversation, lastSeq, linked } = input.conversationId
      ? await conversationForReply(tx, input.profileId, input.conversationId)
      : await newReplyConversation(tx, input.profileId, input.model);
    const seq = lastSeq + 1;
    const userMessage = await insertMessage(tx, input.profileId, conversation.id, seq, {
      role: "user",
      content: input.content,
      ...(photos.length && { meta: { images: photos } }),
      // The path's end, read with the conversation just now; the answer becomes the new end.
      parentId: conversation.leafId,
      leaf: false,
    });
    const ids = photos.map((p) => p.id);
    await linkAttachments(tx, input.profileId, conversation.id, userMessage.id, ids);
    return { conversation, userMessage, replySeq: seq + 1, linked };
  });
}

/** A new version of a reply (its sibling, now active); the old one stays on its branch. */
export async function regenerate(
  deps: ChatDeps,
  input: { profileId: string; messageId: string; model?: string },
): Promise<StartedReply> {
  return await startReply(deps, input.profileId, input.model, async (tx) => {
    const target = await getMessage(tx, input.profileId, input.messageId);
    if (target.role !== "assistant") {
      throw new HttpError(422, "not_a_reply", "Only an assistant reply can be regenerated.");
    }
    const { conversation, lastSeq, linked } = await conversationForReply(
      tx,
      input.profileId,
      target.conversationId,
    );
    const before = target.parentId ? await getMessage(tx, input.profileId, target.parentId) : null;
    if (!before || before.role !== "user") {
      throw new HttpError(422, "not_a_reply", "This reply does not follow a message of yours.");
    }
    // The history ends at the question; the new reply follows it.
    await setLeaf(tx, input.profileId, conversation.id, before.id);
    // The new version's seq follows every branch's messages.
    return { conversation, userMessage: before, replySeq: lastSeq + 1, linked };
  });
}

/** Sends an edited version of a user's message (its sibling, now active), answered anew. */
export async function editAndResend(
  deps: ChatDeps,
  input: { profileId: string; messageId: string; content: string; model?: string },
): Promise<StartedReply> {
  return await startReply(deps, input.profileId, input.model, async (tx) => {
    const target = await getMessage(tx, input.profileId, input.messageId);
    if (target.role !== "user") {
      const message = "Only your own messages can be edited and sent again.";
      throw new HttpError(422, "not_your_message", message);
    }
    const { conversationId, parentId, meta: { images } } = target;
    const seq = await nextSeq(tx, input.profileId, conversationId);
    // Its photos go with it (the attachments stay linked to the first version).
    const edited = await insertMessage(tx, input.profileId, conversationId, seq, {
      role: "user",
      content: input.content,
      parentId,
      ...(images?.length && { meta: { images } }),
    });
    let { conversation, linked } = await conversationForReply(
      tx,
      input.profileId,
      target.conversationId,
    );
    // Still titled from the first message, which was edited: the title follows the new text.
    if (!target.parentId && conversation.title === provisionalTitle(target.content)) {
      conversation = await updateConversation(tx, input.profileId, conversation.id, {
        title: provisionalTitle(input.content),
      });
    }
    return { conversation, userMessage: edited, replySeq: seq + 1, linked };
  });
}

/**
 * Starts a reply: `prepare` (the user's side: a new message, an edit, a regenerate's cleanup),
 * the model choice and the assistant's `streaming` message with its task id are one transaction,
 * so a failure leaves nothing half done and a burst of chats costs one commit each. The task
 * starts once they are stored, and reads the history once it knows the model's context.
 */
async function startReply(
  deps: ChatDeps,
  profileId: string,
  requestedModel: string | undefined,
  /**
   * `replySeq`: the reply's seq, after every branch's messages; `linked`: the conversation uses
   * documents (`conversationForReply`).
   */
  prepare: (tx: Kysely<Database>) => Promise<
    { conversation: Conversation; userMessage: Message; replySeq: number; linked: boolean }
  >,
): Promise<StartedReply> {
  // A refusal now (busy, shutting down) stores nothing; `startTask` covers the rare later one.
  deps.tasks.admit();
  const taskId = newTaskId();
  // Its own transaction, not the group commit's (lib/db/group_commit.ts says why).
  const started = await deps.db.kysely.transaction().execute(async (tx) => {
    let { conversation, userMessage, replySeq, linked } = await prepare(tx);
    const model = requestedModel || conversation.model || deps.defaultModel();
    if (!model) {
      throw new HttpError(
        409,
        "no_model",
        "No chat model is chosen yet: pick one in the model menu.",
      );
    }
    // A limited profile's model, quiet hours and daily replies; counted in this transaction.
    await checkReplyOf(tx, profileId, model, new Date(deps.now?.() ?? Date.now()));
    if (model !== conversation.model) {
      conversation = await updateConversation(tx, profileId, conversation.id, { model });
    }
    // The first message names a new conversation at once, so a reply that is stopped or fails
    // does not leave it untitled; the model's title may replace this one after its first reply.
    const provisional = userMessage.parentId ? "" : provisionalTitle(userMessage.content);
    if (!conversation.title && provisional) {
      conversation = await updateConversation(tx, profileId, conversation.id, {
        title: provisional,
      });
    }
    // Read with the conversation, in the transaction, rather than alone when the reply asks for
    // its documents; a Hearth without the retrieval step never reads them.
    linked &&= deps.documents !== undefined;
    // The task id is stored now, so a page reloaded mid-reply finds the task of a `streaming`
    // message.
    const assistantMessage = await insertMessage(tx, profileId, conversation.id, replySeq, {
      parentId: userMessage.id,
      role: "assistant",
      content: "",
      status: "streaming",
      model,
      meta: { taskId },
    });
    return { conversation, userMessage, assistantMessage, model, provisional, linked };
  });
  const { conversation, userMessage, assistantMessage, model, provisional, linked } = started;
  const provider = deps.provider();
  const writer = new ReplyWriter(deps.db.kysely, profileId, assistantMessage.id, {
    ...deps.saving,
    log: (message, error) => deps.log.error(message, { error: String(error) }),
  });
  const toolCalls: unknown[] = [];
  let stats: Record<string, unknown> = {};
  let dropped = 0;
  let assistantMeta: Record<string, unknown> = {};
  // An agent reply's tool steps, saved whatever the ending.
  const steps: ToolStep[] = [];
  let sources: SourceRef[] = [];
  let context: ModelContext | undefined;
  const ids = {
    conversationId: conversation.id,
    userMessageId: userMessage.id,
    assistantMessageId: assistantMessage.id,
  };
  let titled = Promise.resolve<string | null>(null);
  // `run` starts on a later microtask, when `task` is already assigned.
  const task: Task = startTask(deps, profileId, assistantMessage, {
    id: taskId,
    owner: profileOwner(profileId),
    kind: "chat",
    meta: { ...ids, model },
    async run(out, signal) {
      // Chunk 0, so a client that resumes from the start learns the ids too.
      out.emit("meta", { ...ids, taskId: task.id, model, title: conversation.title });
      context = await modelContext(provider, model, deps.contextSizes?.(), signal);
      // A model that can think is told the conversation's choice; any other is told nothing
      // (Ollama refuses `think` to a model without the capability). Not knowing is "cannot".
      const canThink = context.description?.capabilities.includes("thinking") ?? false;
      const reserve = Math.min(deps.reserve ?? 1024, Math.floor(context.budget / 4));
      // The history, read as far back as the context could reach (the messages it ends with are
      // stored: the path up from them does not change).
      const path = await pathTo(deps.db.kysely, profileId, userMessage.id, {
        limit: HISTORY_LIMIT,
        budget: context.budget,
      });
      // Deleted since the start stored it (the message, or its conversation): nothing to answer.
      if (!path.messages.length) {
        throw mine(deps.db.kysely, profileId).notFound("messages", userMessage.id);
      }
      const history = path.messages.map(toChatMessage)
        .filter((m): m is HistoryMessage => m !== null);
      if (path.omitted) {
        dropped = path.omitted;
        out.emit("context", { dropped, numCtx: context.budget });
      }
      // Agent mode: the model works with tools, step by step (it does not use assistant mode).
      if (conversation.agent && deps.agent) {
        ({ stats, meta: assistantMeta } = await deps.agent({
          profileId,
          conversationId: conversation.id,
          messageId: assistantMessage.id,
          model,
          history: textHistory(history),
          ...(conversation.systemPrompt && { system: conversation.systemPrompt }),
          capabilities: context.description?.capabilities ?? [],
          numCtx: context.numCtx,
          budget: context.budget - reserve,
          ...(canThink && { think: conversation.think }),
          provider,
          out,
          writer,
          signal,
          steps,
        }));
        out.emit("done", stats);
        return;
      }
      // Assistant mode: the message may become an action with a card; if not, a plain reply.
      if (conversation.assistant && deps.assistant) {
        const turn = await deps.assistant({
          profileId,
          messageId: assistantMessage.id,
          model,
          history,
          capabilities: context.description?.capabilities ?? [],
          numCtx: context.numCtx,
          provider,
          out,
          writer,
          signal,
        });
        if (turn.handled) {
          ({ stats, meta: assistantMeta } = turn);
          out.emit("done", stats);
          return;
        }
      }
      // The turn's documents: their passages join the system message for this reply only (never
      // stored, never history), so every turn retrieves for its own question.
      const documents = deps.documents
        ? await deps.documents({
          profileId,
          conversationId: conversation.id,
          question: userMessage.content,
          history: textHistory(history.slice(0, -1)),
          model,
          signal,
          context,
          linked,
        })
        : null;
      if (documents?.sources.length) {
        sources = documents.sources;
        out.emit("sources", { sources });
      }
      const system = [conversation.systemPrompt, documents?.context ?? ""].filter(Boolean)
        .join("\n\n");
      // Hearth trims the history to fit; if the model still finds the prompt too long (the
      // estimate was short), the oldest part goes and the reply is asked for again.
      let budget = context.budget;
      // What the model reported reading last time, against Hearth's estimate of that prompt.
      const last = path.messages.findLast((m) => m.role === "assistant" && m.status === "complete");
      const scale = calibrate(last?.meta.promptTokens, last?.meta.promptEstimate);
      // From the first piece of reasoning to the first piece of the answer.
      let thinkingFrom: number | undefined;
      let thinkingMs: number | undefined;
      for (let attempt = 0;; attempt++) {
        const plan = buildContext({
          system,
          history,
          numCtx: budget,
          reserve,
          scale,
        });
        if (path.omitted + plan.dropped > dropped) {
          dropped = path.omitted + plan.dropped;
          out.emit("context", { dropped, numCtx: context.budget });
        }
        // Photos go as base64 (the newest few), or as a note to a model that cannot see them.
        const photos = plan.messages.some((m: HistoryMessage) => m.attachmentIds?.length);
        const capabilities = context.description?.capabilities;
        const vision = !capabilities?.length || capabilities.includes("vision");
        const messages = photos
          ? await withImages(deps.db.kysely, profileId, plan.messages, vision)
          : plan.messages;
        const request: ChatRequest = {
          model,
          messages,
          options: context.numCtx ? { numCtx: context.numCtx } : {},
          ...(canThink && { think: conversation.think }),
        };
        let answered = false;
        try {
          for await (
            const event of provider.chat(request, {
              signal,
              priority: "interactive",
              owner: profileId,
              label: "chat",
            })
          ) {
            if (event.type === "wait") {
              out.emit("wait", waitData(event));
              continue;
            }
            answered = true;
            if (event.type === "thinking") {
              thinkingFrom ??= performance.now();
              writer.addThinking(event.text);
              out.emit(
                "thinking",
                event.count ? { text: event.text, count: event.count } : { text: event.text },
              );
            } else if (event.type === "token") {
              if (thinkingFrom !== undefined) thinkingMs ??= performance.now() - thinkingFrom;
              writer.add(event.text);
              out.emit(
                "token",
                event.count ? { text: event.text, count: event.count } : { text: event.text },
              );
            } else if (event.type === "tool_call") {
              toolCalls.push(event);
              out.emit("tool", event);
            } else if (event.type === "done") {
              if (thinkingFrom !== undefined) thinkingMs ??= performance.now() - thinkingFrom;
              stats = replyStats(event, plan.promptTokens, thinkingMs);
              out.emit("done", stats);
            }
          }
          return;
        } catch (err) {
          const overflow = err instanceof HttpError && err.code === "context_overflow";
          if (answered || !overflow || attempt >= 3 || plan.messages.length <= 1) throw err;
          budget = Math.max(64 + reserve, Math.floor((plan.promptTokens + reserve) * 0.6));
        }
      }
    },
    async onEnd(ended) {
      const status = STATUS[ended.status as Exclude<TaskStatus, "running">] ?? "error";
      // The ending's own error event, so history can say why a reply failed after a reload.
      let error: unknown;
      for (let i = ended.length - 1; i >= 0 && i >= ended.length - 3; i--) {
        const chunk = ended.chunkAt(i);
        if (chunk?.event === "error") error = JSON.parse(chunk.data);
      }
      await writer.finish({
        status,
        meta: {
          taskId: ended.id,
          ...stats,
          ...(dropped && { contextDropped: dropped }),
          ...(toolCalls.length && { toolCalls }),
          ...assistantMeta,
          ...(steps.length && { steps: endedSteps(steps, ended.info().status) }),
          ...(sources.length && { sources }),
          ...(status !== "complete" && { ended: ended.info().status }),
          ...(error !== undefined && { error }),
        },
      });
      // Untitled, or titled from its first message, which this reply answers: a person's title
      // is never replaced, and the model is asked once, not after every reply.
      const namable = !conversation.title || conversation.title === provisional;
      if (status === "complete" && namable) {
        // After the reply, at low priority, and never waited for: the next message goes first.
        titled = nameConversation(deps, provider, {
          profileId,
          conversationId: conversation.id,
          model,
          question: userMessage.content,
          context,
          provisional,
        });
      }
      if (status === "complete") {
        deps.replyReady?.({
          profileId,
          conversationId: conversation.id,
          readersAtEnd: ended.readersAtEnd,
          title: titled.then((t) => t ?? conversation.title),
        });
      }
    },
  });
  const titledAfterEnd = task.ended.then(() => titled);
  return { task, conversation, userMessage, assistantMessage, titled: titledAfterEnd };
}
