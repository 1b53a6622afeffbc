/** Test factories for the assistant: a chat engine in assistant mode on a scripted Fake Ollama. */
import { startFakeOpenAI } from "../ai/fake_openai.ts";
import { OpenAIProvider } from "../ai/openai.ts";
import { createConversation, getMessage } from "../chat/store.ts";
import { sendMessage } from "../chat/engine.ts";
import { chatEngine } from "../chat/testing.ts";
import type { ChatDeps } from "../chat/engine.ts";
import type { Retrieve } from "../rag/chat.ts";
import type { Db } from "../db/mod.ts";
import type { Locale } from "../i18n/mod.ts";
import { ListFeeds } from "../lists/feed.ts";
import type { FakeOllamaOptions } from "../ollama/fake_server.ts";
import type { FakeReply } from "../ollama/fake_chat.ts";
import type { Task } from "../tasks/task.ts";
import { assistantTurn } from "./turn.ts";

/** Wednesday 4 March 2026, 10:30 in Berlin. */
export const NOW = Date.parse("2026-03-04T09:30:00Z");

/** What the scripted model does next: call a tool, answer text, answer constrained JSON. */
export interface Next {
  call?: { name: string; arguments: Record<string, unknown> };
  /** Text answered to the request with tools (instead of a call). */
  text?: string;
  /** The answer to a `format` request. */
  json?: unknown;
  /** The answer to a plain chat request (chat intent, briefing, fallback to chat). */
  chat?: string;
}

/** Every event of a task, in order. */
export async function drain(task: Task) {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  for await (const c of task.read(0)) {
    if (c.data !== "[DONE]") events.push({ event: c.event, data: JSON.parse(c.data) });
  }
  await task.ended;
  return events;
}

/**
 * An engine whose `ann` (zone Europe/Berlin) chats in an assistant-mode conversation with
 * `model`; `say` sends a message after scripting what the model does with it.
 */
export async function assistantChat(
  options: {
    model?: string;
    locale?: Locale;
    upstream?: FakeOllamaOptions;
    /** Chat with an OpenAI-compatible server (the fake llama-server) instead of Ollama. */
    openai?: boolean;
    /** Document search for `search_documents`, made once the engine's database exists. */
    retrieve?: (engine: { db: Db; deps: ChatDeps }) => Retrieve;
  } = {},
) {
  const model = options.model ?? "llama3.2:latest";
  let next: Next = {};
  const script = (body: Record<string, unknown>): FakeReply => {
    if (Array.isArray(body.tools) && body.tools.length) {
      return next.call ? { toolCalls: [next.call] } : { content: next.text ?? "Sure, done!" };
    }
    if (body.format || body.response_format) return { json: next.json };
    return { content: next.chat ?? "Just a plain reply." };
  };
  const feeds = new ListFeeds();
  const ref: { db?: Db; retrieve?: Retrieve } = {};
  const openai = options.openai ? await startFakeOpenAI({ reply: script, models: [model] }) : null;
  const upstream = openai
    ? new OpenAIProvider({ baseUrl: openai.url })
    : { reply: script, ...options.upstream };
  const engine = await chatEngine(upstream, {
    defaultModel: () => model,
    assistant: (turn) =>
      assistantTurn({
        db: ref.db!,
        feeds,
        locale: options.locale ?? "en",
        now: () => NOW,
        retrieve: ref.retrieve,
      }, turn),
  });
  const db = ref.db = engine.db;
  ref.retrieve = options.retrieve?.(engine);
  await db.kysely.updateTable("profiles").set({ time_zone: "Europe/Berlin" }).execute();
  const conversation = await createConversation(db.kysely, "ann", { assistant: true, model });
  return {
    ...engine,
    fake: engine.fake!,
    openai,
    feeds,
    conversation,
    /** Scripts the model, sends `content`, and answers the stream's events and the saved reply. */
    async say(content: string, script: Next = {}) {
      next = script;
      const started = await sendMessage(engine.deps, {
        profileId: "ann",
        conversationId: conversation.id,
        content,
      });
      const events = await drain(started.task);
      await started.titled;
      const reply = await getMessage(db.kysely, "ann", started.assistantMessage.id);
      return { events, reply, text: reply.content, card: reply.meta.card as CardLike | undefined };
    },
    async [Symbol.asyncDispose]() {
      feeds.close();
      await engine[Symbol.asyncDispose]();
      await openai?.close();
    },
  };
}

/** The card as a test reads it. */
export interface CardLike {
  actionId?: string;
  tool: string;
  kind: string;
  title: string;
  summary: string;
  href?: string;
  items?: { title: string; detail?: string; href?: string }[];
  undone?: boolean;
}
