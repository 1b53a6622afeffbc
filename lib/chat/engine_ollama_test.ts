/**
 * The chat engine against how Ollama behaves: one context size per model (a change reloads it),
 * prompts Hearth must trim itself, titles after the reply, and the waits before a first token.
 */
import assert from "node:assert/strict";
import { FAKE_INSTALLED } from "../ollama/fake_catalogue.ts";
import type { FakeOllamaOptions } from "../ollama/fake_server.ts";
import type { Task } from "../tasks/task.ts";
import { type ChatDeps, sendMessage } from "./engine.ts";
import { getConversation, listMessages, updateConversation } from "./store.ts";
import { chatEngine } from "./testing.ts";

/** An engine on a fake Ollama whose default chat model is `m`. */
async function setup(upstream: FakeOllamaOptions, extra: Partial<ChatDeps> = {}) {
  const engine = await chatEngine(upstream, { defaultModel: () => "m", ...extra });
  return { ...engine, fake: engine.fake! };
}

/** A model of the fake catalogue under another name, with its own baked parameters. */
const model = (name: string, parameters: Record<string, number | string[]> = {}) => ({
  ...FAKE_INSTALLED[0],
  name: name.includes(":") ? name : `${name}:latest`,
  parameters: { ...FAKE_INSTALLED[0].parameters, ...parameters },
});

async function drain(task: Task) {
  const events: { event: string; data: Record<string, unknown> }[] = [];
  for await (const c of task.read(0)) {
    if (c.data !== "[DONE]") events.push({ event: c.event, data: JSON.parse(c.data) });
  }
  await task.ended;
  return events;
}

/** Every /api/chat request the fake got for a model: generations, loads and titles. */
const chatBodies = (fake: { requests: { path: string; body: Record<string, unknown> | null }[] }) =>
  fake.requests.filter((r) => r.path === "/api/chat").map((r) => r.body!);

const numCtxOf = (body: Record<string, unknown>) =>
  (body.options as Record<string, unknown> | undefined)?.num_ctx;

const isTitle = (body: Record<string, unknown>) =>
  String((body.messages as { content: string }[])[0]?.content ?? "").startsWith("Write a title");

Deno.test("chat engine - ten turns with a title send one context size to the model, so nothing reloads it", async () => {
  // llama3.2:3b is in the catalogue: Hearth asks for its context on every request.
  await using t = await setup({ models: [model("llama3.2:3b")], titles: true }, {
    defaultModel: () => "llama3.2:3b",
  });
  let conversationId: string | undefined;
  for (let i = 0; i < 10; i++) {
    const started = await sendMessage(t.deps, {
      profileId: "ann",
      conversationId,
      content: `turn ${i}`,
    });
    conversationId = started.conversation.id;
    await drain(started.task);
    await started.titled;
  }
  const bodies = chatBodies(t.fake);
  assert.ok(bodies.some(isTitle), "a title was asked for");
  const sizes = new Set(bodies.map(numCtxOf));
  assert.deepEqual([...sizes], [8192], "replies, titles and loads all ask for the same window");
  assert.equal(t.fake.loads("llama3.2:3b"), 1, "one load, no reload, across ten turns and a title");
});

Deno.test("chat engine - a num_ctx baked into a custom model is never overridden; the admin's choice is sent", async () => {
  await using t = await setup(
    { models: [model("house", { num_ctx: 2048 }), model("plain")] },
    { defaultModel: () => "house", contextSizes: () => ({ house: 16384, "Plain:latest": 3072 }) },
  );
  const house = await sendMessage(t.deps, { profileId: "ann", content: "hello" });
  await drain(house.task);
  await house.titled;
  const plain = await sendMessage(t.deps, { profileId: "ann", content: "hello", model: "plain" });
  await drain(plain.task);
  await plain.titled;
  const bodies = chatBodies(t.fake);
  const of = (m: string) => bodies.filter((b) => b.model === `${m}:latest`).map(numCtxOf);
  assert.ok(of("house").length >= 2 && of("house").every((n) => n === undefined));
  assert.ok(of("plain").length >= 2 && of("plain").every((n) => n === 3072));
});

Deno.test("chat engine - a prompt the model finds too long is trimmed by Hearth, said, and answered", async () => {
  // Short words: Hearth's estimate (3.5 characters a token) is far below the fake's count (a
  // token a word), so the first prompt does not fit and the model refuses it.
  await using t = await setup(
    { models: [model("m")], reply: "fine" },
    { contextSizes: () => ({ m: 1024 }), reserve: 128 },
  );
  let conversationId: string | undefined;
  for (let i = 0; i < 4; i++) {
    const started = await sendMessage(t.deps, {
      profileId: "ann",
      conversationId,
      content: `${i} ${"a ".repeat(300)}`,
    });
    conversationId = started.conversation.id;
    const events = await drain(started.task);
    await started.titled;
    assert.ok(!events.some((e) => e.event === "error"), JSON.stringify(events.at(-1)));
    if (i === 3) {
      const context = events.find((e) => e.event === "context");
      assert.ok(context && Number(context.data.dropped) > 0, "the user is told history was cut");
    }
  }
  const replies = (await listMessages(t.db.kysely, "ann", conversationId!)).items
    .filter((m) => m.role === "assistant");
  assert.ok(replies.every((m) => m.status === "complete" && m.content === "fine"));
  assert.ok(Number(replies.at(-1)!.meta.contextDropped) > 0);
});

Deno.test("chat engine - a title comes after the reply and never replaces a name the person gave", async () => {
  await using t = await setup({
    models: [model("m")],
    tokensPerSecond: 20,
    titles: false,
    reply: (body) => isTitle(body) ? "Trip to Lisbon" : "Sure.",
  });
  const started = await sendMessage(t.deps, { profileId: "ann", content: "Plan Lisbon" });
  const events = await drain(started.task);
  assert.deepEqual(
    events.filter((e) => e.event === "wait").map((e) => e.data.state),
    ["loading", "reading"],
    "the stream says what the reply waits for",
  );
  // The reply is done; its title is still being written. The person names the chat meanwhile.
  await updateConversation(t.db.kysely, "ann", started.conversation.id, { title: "Mine" });
  assert.equal(await started.titled, null);
  assert.equal((await getConversation(t.db.kysely, "ann", started.conversation.id)).title, "Mine");
  // The title asked at `title` priority, without thinking (the model cannot think: no `think`).
  const title = chatBodies(t.fake).find(isTitle)!;
  assert.equal(title.think, undefined);
});

Deno.test("chat engine - the next message never waits for a title: the title stops and is asked again after", async () => {
  const long = Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ");
  await using t = await setup({
    models: [model("m")],
    tokensPerSecond: 50,
    titles: false,
    reply: (body) => isTitle(body) ? long : "Sure.",
  });
  const first = await sendMessage(t.deps, { profileId: "ann", content: "Plan Lisbon" });
  await drain(first.task);
  // The title (30 tokens, ~600 ms) has the model; the next message arrives meanwhile.
  while (!chatBodies(t.fake).some(isTitle)) await new Promise((r) => setTimeout(r, 5));
  const started = performance.now();
  const second = await sendMessage(t.deps, {
    profileId: "ann",
    conversationId: first.conversation.id,
    content: "And Porto?",
  });
  const events = await drain(second.task);
  const waited = performance.now() - started;
  assert.ok(!events.some((e) => e.event === "wait" && e.data.state === "queued"), "not queued");
  assert.ok(waited < 500, `the reply did not wait for the title (${Math.round(waited)} ms)`);
  assert.ok(await first.titled, "the title was asked again and stored");
  assert.equal(chatBodies(t.fake).filter(isTitle).length, 2);
});
