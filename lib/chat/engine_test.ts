import assert from "node:assert/strict";
import { OllamaProvider } from "../ai/ollama.ts";
import type { ChatProvider, ChatRequest } from "../ai/types.ts";
import { FAKE_INSTALLED } from "../ollama/fake_catalogue.ts";
import { type FakeOllamaOptions, startFakeOllama } from "../ollama/fake_server.ts";
import { chatEngine } from "./testing.ts";
import type { Task } from "../tasks/task.ts";
import { editAndResend, regenerate, sendMessage } from "./engine.ts";
import { provisionalTitle } from "./titles.ts";
import {
  createConversation,
  deleteMessage,
  getConversation,
  getMessage,
  listMessages,
  updateConversation,
} from "./store.ts";

const setup = chatEngine;

/** A model of the fake catalogue under another name. */
const model = (name: string) => ({ ...FAKE_INSTALLED[0], name: `${name}:latest` });

/**
 * The chats the fake got for replies: not Ollama's load requests (no messages), not titles (asked
 * after a reply, so they may come last).
 */
function replyRequests(
  fake: { requests: { path: string; body: Record<string, unknown> | null }[] },
) {
  return fake.requests.filter((r) => {
    const messages = r.body?.messages as { content?: string }[] | undefined;
    return r.path === "/api/chat" && messages?.length &&
      !String(messages[0].content).startsWith("Write a title");
  });
}

/** The text of the last message of an Ollama chat body. */
const lastContent = (body: Record<string, unknown>) =>
  String((body.messages as { content?: string }[]).at(-1)?.content ?? "");

async function drain(task: Task) {
  const events: { event: string; data: unknown }[] = [];
  for await (const c of task.read(0)) {
    events.push({ event: c.event, data: c.data === "[DONE]" ? c.data : JSON.parse(c.data) });
  }
  await task.ended;
  return events;
}

const scripted = (content: string): FakeOllamaOptions => ({ reply: () => ({ content }) });

Deno.test("chat engine - a message streams meta, tokens and done, and the reply is saved", async () => {
  await using t = await setup(scripted("Hello there, Ann."));
  const started = await sendMessage(t.deps, { profileId: "ann", content: "Say hello" });
  assert.equal(started.assistantMessage.meta.taskId, started.task.id, "known while streaming");
  const events = await drain(started.task);
  assert.equal(events[0].event, "meta");
  assert.deepEqual(events[0].data, {
    conversationId: started.conversation.id,
    userMessageId: started.userMessage.id,
    assistantMessageId: started.assistantMessage.id,
    taskId: started.task.id,
    model: "llama3.2:latest",
    title: "Say hello",
  });
  const text = events.filter((e) => e.event === "token").map((e) =>
    (e.data as { text: string }).text
  )
    .join("");
  assert.equal(text, "Hello there, Ann.");
  assert.equal(events.at(-2)?.event, "done");
  assert.equal(events.at(-1)?.event, "[DONE]");
  const saved = (await listMessages(t.db.kysely, "ann", started.conversation.id)).items;
  assert.deepEqual(saved.map((m) => [m.role, m.content, m.status]), [
    ["user", "Say hello", "complete"],
    ["assistant", "Hello there, Ann.", "complete"],
  ]);
  assert.equal(saved[1].meta.taskId, started.task.id);
  assert.equal(typeof saved[1].meta.completionTokens, "number");
  assert.ok(await started.titled, "the title comes after the reply");
  const conversation = await getConversation(t.db.kysely, "ann", started.conversation.id);
  assert.ok(conversation.title.length > 0, "a new conversation gets a title");
  assert.equal(conversation.model, "llama3.2:latest");
});

Deno.test("chat engine - a cancelled reply is saved as cancelled with what came so far", async () => {
  await using t = await setup({
    tokensPerSecond: 200,
    reply: () => ({ content: "word ".repeat(400) }),
  });
  const started = await sendMessage(t.deps, { profileId: "ann", content: "Talk a lot" });
  let tokens = 0;
  for await (const c of started.task.read(0)) {
    if (c.event === "token" && ++tokens === 3) break;
  }
  started.task.cancel();
  await started.task.ended;
  const reply = (await listMessages(t.db.kysely, "ann", started.conversation.id)).items[1];
  assert.equal(reply.status, "cancelled");
  assert.ok(reply.content.startsWith("word word"), reply.content.slice(0, 20));
  assert.ok(reply.content.length < 2000);
});

Deno.test("chat engine - an upstream failure is saved as error and streamed as an error event", async () => {
  const failing: ChatProvider = {
    kind: "ollama",
    // deno-lint-ignore require-yield
    async *chat(_req: ChatRequest) {
      throw Object.assign(new Error("model gone"), { status: 404, code: "model_not_found" });
    },
  } as unknown as ChatProvider;
  await using t = await setup(failing);
  const started = await sendMessage(t.deps, { profileId: "ann", content: "Hi" });
  const events = await drain(started.task);
  assert.equal(events.find((e) => e.event === "error")?.event, "error");
  const reply = (await listMessages(t.db.kysely, "ann", started.conversation.id)).items[1];
  assert.equal(reply.status, "error");
  assert.deepEqual(reply.meta.error, {
    code: "task_failed",
    message: "The task failed unexpectedly.",
  });
});

Deno.test("chat engine - shutdown saves a running reply as interrupted", async () => {
  await using t = await setup({
    tokensPerSecond: 50,
    models: [model("m")],
    reply: () => ({ content: "a ".repeat(500) }),
  });
  const started = await sendMessage(t.deps, { profileId: "ann", content: "Go", model: "m" });
  for await (const c of started.task.read(0)) if (c.event === "token") break;
  await t.deps.tasks.shutdown();
  const reply = (await listMessages(t.db.kysely, "ann", started.conversation.id)).items[1];
  assert.equal(reply.status, "interrupted");
});

Deno.test("chat engine - a reply's text is saved while it streams, not only when it ends", async () => {
  await using t = await setup(
    { tokensPerSecond: 500, reply: () => ({ content: "word ".repeat(400) }) },
    { saving: { flushMs: 10 } },
  );
  const started = await sendMessage(t.deps, { profileId: "ann", content: "Talk a lot" });
  let seen = "";
  let tokens = 0;
  for await (const c of started.task.read(0)) {
    if (c.event === "token" && (seen += JSON.parse(c.data).text) && ++tokens === 5) break;
  }
  t.fake!.hold(); // the model stalls mid-reply
  const stored = () => listMessages(t.db.kysely, "ann", started.conversation.id);
  const deadline = performance.now() + 2_000;
  let reply = (await stored()).items[1];
  while (reply.content.length < seen.length && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    reply = (await stored()).items[1];
  }
  assert.equal(reply.status, "streaming");
  assert.ok(reply.content.startsWith(seen), `saved "${reply.content}", seen "${seen}"`);
  started.task.cancel();
  t.fake!.release();
  await started.task.ended;
  const ended = (await stored()).items[1];
  assert.equal(ended.status, "cancelled");
  assert.ok(ended.content.startsWith(reply.content), "the end adds to what was saved");
});

Deno.test("chat engine - regenerate and edit add versions beside the old ones, which stay", async () => {
  let n = 0;
  await using t = await setup(
    { models: [model("m")], reply: () => ({ content: `answer ${++n}` }) },
    { defaultModel: () => "m" },
  );
  const first = await sendMessage(t.deps, { profileId: "ann", content: "Q1" });
  await drain(first.task);
  const c = first.conversation.id;
  const again = await regenerate(t.deps, {
    profileId: "ann",
    messageId: first.assistantMessage.id,
  });
  await drain(again.task);
  let items = (await listMessages(t.db.kysely, "ann", c)).items;
  assert.deepEqual(items.map((m) => m.content), ["Q1", "answer 2"]);
  assert.deepEqual(items[1].versions?.ids, [first.assistantMessage.id, again.assistantMessage.id]);
  // The regenerate's history ended at the question; the edit's at the edited question.
  assert.deepEqual(replyRequests(t.fake!).map((r) => lastContent(r.body!)), ["Q1", "Q1"]);
  const edited = await editAndResend(t.deps, {
    profileId: "ann",
    messageId: first.userMessage.id,
    content: "Q1b",
  });
  await drain(edited.task);
  assert.equal(lastContent(replyRequests(t.fake!).at(-1)!.body!), "Q1b");
  assert.notEqual(edited.userMessage.id, first.userMessage.id, "a new message");
  items = (await listMessages(t.db.kysely, "ann", c)).items;
  assert.deepEqual(items.map((m) => m.content), ["Q1b", "answer 3"]);
  assert.deepEqual(items[0].versions?.ids, [first.userMessage.id, edited.userMessage.id]);
  // Nothing was lost: the first question and its first reply are still there.
  const kept = await getMessage(t.db.kysely, "ann", first.assistantMessage.id);
  assert.equal(kept.content, "answer 1");
  await assert.rejects(
    regenerate(t.deps, { profileId: "ann", messageId: first.userMessage.id }),
    /Only an assistant/,
  );
  await assert.rejects(
    regenerate(t.deps, { profileId: "bob", messageId: again.assistantMessage.id }),
    /No such message/,
  );
});

Deno.test("chat engine - history that does not fit is cut, said in the stream, and marked", async () => {
  const seen: Record<string, unknown>[] = [];
  await using t = await setup(
    {
      models: [model("m")],
      reply: (body) => {
        seen.push(body);
        return { content: "ok ".repeat(200) };
      },
    },
    { defaultModel: () => "m", contextSizes: () => ({ m: 1024 }), reserve: 256 },
  );
  let conversationId: string | undefined;
  let last;
  for (let i = 0; i < 6; i++) {
    last = await sendMessage(t.deps, {
      profileId: "ann",
      conversationId,
      content: `question ${i} ${"x ".repeat(150)}`,
    });
    conversationId = last.conversation.id;
    await drain(last.task);
  }
  const events = await drain(last!.task);
  const context = events.findLast((e) => e.event === "context");
  assert.ok(context, "a context event says history was cut");
  // Six questions and five answers before this reply: each one not sent is counted.
  const sent = (seen.at(-1)!.messages as unknown[]).length;
  assert.equal((context.data as { dropped: number }).dropped, 11 - sent);
  assert.equal(
    (seen.at(-1)!.options as Record<string, number>).num_ctx,
    1024,
    "the admin's size is sent",
  );
  const reply = (await listMessages(t.db.kysely, "ann", conversationId!)).items.at(-1)!;
  assert.equal(reply.meta.contextDropped, 11 - sent);
});

Deno.test("chat engine - a real model names a new conversation; the demo uses the question", async () => {
  const script: FakeOllamaOptions = {
    models: [model("m")],
    reply: (body) => ({
      content: lastContent(body).startsWith("Write a title") ? '"Trip to Lisbon"' : "Sure.",
    }),
  };
  // A model that follows the instruction writes its own title.
  await using t = await setup({ ...script, titles: false }, { defaultModel: () => "m" });
  const named = await sendMessage(t.deps, {
    profileId: "ann",
    content: "Plan a weekend in Lisbon for two",
  });
  await drain(named.task);
  await named.titled;
  assert.equal(
    (await getConversation(t.db.kysely, "ann", named.conversation.id)).title,
    "Trip to Lisbon",
  );
  // The demo's Fake Ollama answers with the question's first words.
  await using d = await setup({ ...script, titles: true }, { defaultModel: () => "m" });
  const demo = await sendMessage(d.deps, {
    profileId: "ann",
    content: "Plan a weekend in Lisbon for two",
  });
  await drain(demo.task);
  await demo.titled;
  assert.equal(
    (await getConversation(d.db.kysely, "ann", demo.conversation.id)).title,
    "Plan a weekend in Lisbon for",
  );
});

Deno.test("chat engine - a refused start stores nothing: no model, a busy or closing server", async () => {
  await using t = await setup(scripted("unused"), { defaultModel: () => "" });
  const { kysely } = t.db;
  const count = async () =>
    Number(
      (await kysely.selectFrom("messages").select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()).n,
    );
  await assert.rejects(
    sendMessage(t.deps, { profileId: "ann", content: "hello?" }),
    (err: Error & { code?: string }) => err.code === "no_model",
  );
  // no_model comes after the conversation and the question were written: both rolled back.
  assert.equal(await count(), 0, "the question was not kept half-sent");
  assert.equal(
    (await kysely.selectFrom("conversations").selectAll().execute()).length,
    0,
    "nor an empty conversation",
  );
  // With a model, but the registry refuses: still nothing stored, and the error says why.
  t.deps.defaultModel = () => "llama3.2:latest";
  await t.deps.tasks.shutdown();
  await assert.rejects(
    sendMessage(t.deps, { profileId: "ann", content: "hello?" }),
    (err: Error & { code?: string }) => err.code === "shutting_down",
  );
  assert.equal(await count(), 0);
});

/** A model that can think (Ollama lists `thinking` among its capabilities). */
const thinker = { ...model("qwen3"), capabilities: ["completion", "tools", "thinking"] };

Deno.test("chat engine - a thinking model's reasoning streams as thinking events, is saved apart, and is never sent back", async () => {
  await using t = await setup({
    models: [thinker, model("llama3.2")],
    reply: () => ({ thinking: "Ann wants a greeting.", content: "Hello, Ann." }),
  });
  const started = await sendMessage(t.deps, {
    profileId: "ann",
    content: "Say hello",
    model: "qwen3:latest",
  });
  assert.equal(started.conversation.think, true, "on by default");
  const events = await drain(started.task);
  const kinds = events.map((e) => e.event);
  assert.ok(
    kinds.indexOf("thinking") > 0 && kinds.lastIndexOf("thinking") < kinds.indexOf("token"),
  );
  const thought = events.filter((e) => e.event === "thinking").map((e) =>
    (e.data as { text: string }).text
  ).join("");
  assert.equal(thought, "Ann wants a greeting.");
  const done = events.find((e) => e.event === "done")!.data as { thinkingMs?: number };
  assert.equal(typeof done.thinkingMs, "number");
  const chats = () => replyRequests(t.fake!);
  assert.equal(chats()[0].body!.think, true, "the conversation's choice, for a model that can");
  const saved = (await listMessages(t.db.kysely, "ann", started.conversation.id)).items[1];
  assert.deepEqual([saved.content, saved.thinking], ["Hello, Ann.", "Ann wants a greeting."]);
  assert.equal(saved.meta.thinkingMs, done.thinkingMs);

  // The next turn's history carries the answer, never the reasoning.
  const next = await sendMessage(t.deps, {
    profileId: "ann",
    conversationId: started.conversation.id,
    content: "Again",
  });
  await drain(next.task);
  const history = chats().at(-1)!.body!.messages as Record<string, unknown>[];
  assert.deepEqual(history.map((m) => [m.role, m.content, m.thinking]), [
    ["user", "Say hello", undefined],
    ["assistant", "Hello, Ann.", undefined],
    ["user", "Again", undefined],
  ]);
});

Deno.test("chat engine - think follows the conversation's switch, only for models that can think", async () => {
  await using t = await setup({
    models: [thinker, model("llama3.2")],
    reply: () => ({ thinking: "Hmm.", content: "Hi." }),
  });
  const last = () => replyRequests(t.fake!).at(-1)!.body!;
  const first = await sendMessage(t.deps, { profileId: "ann", content: "Hi", model: "qwen3" });
  await drain(first.task);
  await updateConversation(t.db.kysely, "ann", first.conversation.id, { think: false });
  const off = await sendMessage(t.deps, {
    profileId: "ann",
    conversationId: first.conversation.id,
    content: "Quick one",
  });
  const events = await drain(off.task);
  assert.equal(last().think, false);
  assert.equal(events.some((e) => e.event === "thinking"), false);
  const saved = await getMessage(t.db.kysely, "ann", off.assistantMessage.id);
  assert.deepEqual([saved.content, saved.thinking, saved.meta.thinkingMs], ["Hi.", "", undefined]);

  // A model without the capability is told nothing, whatever the switch says.
  const plain = await sendMessage(t.deps, { profileId: "ann", content: "Hi", model: "llama3.2" });
  await drain(plain.task);
  assert.equal("think" in last(), false);
});

Deno.test("chat engine - when the model cannot be described, the reply goes on without think", async () => {
  const fake = await startFakeOllama({ models: [thinker], reply: "Fine." });
  const real = new OllamaProvider({ hosts: [fake.url] });
  const provider: ChatProvider = {
    kind: "ollama",
    chat: (req, opts) => real.chat(req, opts),
    embed: (m, i, o) => real.embed(m, i, o),
    models: () => real.models(),
    describe: () => Promise.reject(new Error("show failed")),
    health: () => real.health(),
  };
  try {
    await using t = await setup(provider);
    const started = await sendMessage(t.deps, { profileId: "ann", content: "Hi", model: "qwen3" });
    const events = await drain(started.task);
    assert.equal(events.at(-2)?.event, "done");
    const sent = replyRequests(fake).at(-1)!.body!;
    assert.equal("think" in sent, false);
  } finally {
    await fake.close();
  }
});

Deno.test("chat engine - a first message names its conversation at once; a stopped or failed reply keeps that title", async () => {
  // Stopped: the model is slow, the reply is cancelled at its first token.
  await using t = await setup({
    tokensPerSecond: 20,
    reply: () => ({ content: "w ".repeat(200) }),
  });
  const stopped = await sendMessage(t.deps, {
    profileId: "ann",
    content: "\n  What should we   cook tonight with leeks, potatoes and a little cream?\nThanks",
  });
  assert.equal(
    stopped.conversation.title,
    "What should we cook tonight with leeks, potatoes and a…",
  );
  for await (const c of stopped.task.read(0)) if (c.event === "token") break;
  stopped.task.cancel();
  await stopped.task.ended;
  assert.equal(await stopped.titled, null, "no model title after a stopped reply");
  const kept = await getConversation(t.db.kysely, "ann", stopped.conversation.id);
  assert.equal(kept.title, "What should we cook tonight with leeks, potatoes and a…");
  // Failed: the upstream refuses; the title from the question stays.
  const failing = {
    kind: "ollama",
    // deno-lint-ignore require-yield
    async *chat() {
      throw Object.assign(new Error("model gone"), { status: 404, code: "model_not_found" });
    },
  } as unknown as ChatProvider;
  await using f = await setup(failing);
  const failed = await sendMessage(f.deps, { profileId: "ann", content: "Hello there" });
  await drain(failed.task);
  assert.equal(
    (await getConversation(f.db.kysely, "ann", failed.conversation.id)).title,
    "Hello there",
  );
});

Deno.test("chat engine - the model's title replaces the first message's, never a title the person gave", async () => {
  const script: FakeOllamaOptions = {
    models: [model("m")],
    reply: (body) => ({
      content: lastContent(body).startsWith("Write a title") ? "Leek soup" : "Sure.",
    }),
    titles: false,
  };
  await using t = await setup(script, { defaultModel: () => "m" });
  const named = await sendMessage(t.deps, { profileId: "ann", content: "A soup with leeks?" });
  assert.equal(named.conversation.title, "A soup with leeks?");
  await drain(named.task);
  assert.equal(await named.titled, "Leek soup");
  // Renamed by the person while the reply streamed: the model's title does not replace it.
  const second = await sendMessage(t.deps, { profileId: "ann", content: "Another question" });
  await updateConversation(t.db.kysely, "ann", second.conversation.id, { title: "Mine" });
  await drain(second.task);
  assert.equal(await second.titled, null);
  assert.equal((await getConversation(t.db.kysely, "ann", second.conversation.id)).title, "Mine");
  // A later message in a titled conversation asks for no title.
  const later = await sendMessage(t.deps, {
    profileId: "ann",
    conversationId: named.conversation.id,
    content: "And with potatoes?",
  });
  await drain(later.task);
  assert.equal(await later.titled, null);
});

Deno.test("chat engine - editing a first message that still names its conversation renames it", async () => {
  await using t = await setup({
    tokensPerSecond: 20,
    reply: () => ({ content: "w ".repeat(200) }),
  });
  const started = await sendMessage(t.deps, { profileId: "ann", content: "Soup ideas" });
  started.task.cancel();
  await started.task.ended;
  const edited = await editAndResend(t.deps, {
    profileId: "ann",
    messageId: started.userMessage.id,
    content: "Bread ideas",
  });
  assert.equal(edited.conversation.title, "Bread ideas");
  edited.task.cancel();
  await edited.task.ended;
  // A title the person gave stays when the first message is edited.
  await updateConversation(t.db.kysely, "ann", started.conversation.id, { title: "Baking" });
  const again = await editAndResend(t.deps, {
    profileId: "ann",
    messageId: started.userMessage.id,
    content: "Cake ideas",
  });
  assert.equal(again.conversation.title, "Baking");
  again.task.cancel();
  await again.task.ended;
});

Deno.test("chat engine - a provisional title is the first line, cut on a word, without bidi controls", () => {
  assert.equal(provisionalTitle("  Hi  there \nsecond"), "Hi there");
  assert.equal(provisionalTitle("\u202eevil\u202c name\u2066"), "evil name");
  assert.equal(provisionalTitle("x".repeat(100)), `${"x".repeat(60)}…`);
  const words = provisionalTitle("word ".repeat(30));
  assert.ok(words.length <= 61 && words.endsWith("word…"), words);
  assert.equal(provisionalTitle("   \n  "), "");
});

Deno.test("chat engine - a message deleted before its reply reads the history is not sent to the model", async () => {
  await using t = await setup(scripted("Never asked for."));
  const provider = t.deps.provider();
  // The model is described after the start is stored and before the history is read: the
  // person deletes the message just then.
  t.deps.provider = () =>
    new Proxy(provider, {
      get(target, key) {
        if (key !== "describe") {
          const value = Reflect.get(target, key);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return async (...args: Parameters<ChatProvider["describe"]>) => {
          const { items } = await listMessages(t.db.kysely, "ann", conversationId);
          await deleteMessage(t.db.kysely, "ann", items.find((m) => m.role === "user")!.id);
          return await target.describe(...args);
        };
      },
    });
  const conversationId = (await createConversation(t.db.kysely, "ann", { model: "" })).id;
  const started = await sendMessage(t.deps, { profileId: "ann", conversationId, content: "Hi" });
  const events = await drain(started.task);
  const error = events.find((e) => e.event === "error")?.data as { code: string };
  assert.equal(error?.code, "message_not_found");
  assert.equal(replyRequests(t.fake!).length, 0, "the model was not asked");
});
