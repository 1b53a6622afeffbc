/**
 * Chat over HTTP, in-process on the Fake Ollama with the demo's script: streaming, resume,
 * cancel, conversations, messages, export, search, and that no profile can touch another's chats.
 */
import assert from "node:assert/strict";
import { canChat } from "../lib/chat/model_context.ts";
import { adminApp, json, parseSse, readSse } from "./helpers/admin.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

/** An app on the Fake Ollama streaming without pauses, so tests stay quick. */
function chatApp() {
  return testApp({ ollama: { tokensPerSecond: 0 } });
}

function tokensOf(events: { event: string; data: unknown }[]): string {
  return events.filter((e) => e.event === "token").map((e) => (e.data as { text: string }).text)
    .join("");
}

Deno.test("chat api - a message streams as SSE with ids, and is saved with its reply", async () => {
  await using app = await chatApp();
  const ann = await member(app, "Ann");
  const res = await ann.fetch(
    "/api/chat/stream",
    json("POST", { content: "Hello!", model: "llama3.2:latest" }),
  );
  const events = await readSse(res);
  assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i), "every event has id = index");
  assert.equal(events[0].event, "meta");
  const meta = events[0].data as Record<string, string>;
  assert.ok(meta.conversationId && meta.userMessageId && meta.assistantMessageId && meta.taskId);
  // The response names its task the one way every task is named, with its resume URL.
  assert.equal(res.headers.get("x-hearth-task"), meta.taskId);
  assert.equal(res.headers.get("location"), `/api/tasks/${meta.taskId}/stream`);
  assert.ok(tokensOf(events).length > 0);
  assert.equal(events.at(-2)?.event, "done");
  assert.equal(events.at(-1)?.event, "[DONE]");
  const messages = await (await ann.fetch(`/api/conversations/${meta.conversationId}/messages`))
    .json();
  assert.deepEqual(messages.items.map((m: { role: string }) => m.role), ["user", "assistant"]);
  assert.equal(messages.items[1].content, tokensOf(events));
  assert.equal(messages.items[1].status, "complete");
  const task = await (await ann.fetch(`/api/tasks/${meta.taskId}`)).json();
  assert.equal(task.status, "done");
});

Deno.test("chat api - resuming from Last-Event-ID or ?offset= gives the exact remainder", async () => {
  await using app = await chatApp();
  const ann = await member(app, "Ann");
  const all = await readSse(
    await ann.fetch(
      "/api/chat/stream",
      json("POST", { content: "Tell me a story", model: "llama3.2:latest" }),
    ),
  );
  const taskId = (all[0].data as { taskId: string }).taskId;
  for (const from of [0, 1, 3, all.length - 2, all.length - 1]) {
    const byHeader = await ann.fetch(`/api/tasks/${taskId}/stream`, {
      headers: { "last-event-id": String(from) },
    });
    assert.deepEqual(await readSse(byHeader), all.slice(from + 1), `after ${from}`);
    const byQuery = await ann.fetch(`/api/tasks/${taskId}/stream?offset=${from}`);
    assert.deepEqual(await readSse(byQuery), all.slice(from), `from ${from}`);
  }
  await expectError(
    await ann.fetch(`/api/tasks/${taskId}/stream?offset=-1`),
    400,
    "invalid_offset",
  );
});

Deno.test("chat api - cancel stops the reply mid-stream and it is saved as cancelled", async () => {
  await using app = await testApp({
    ollama: { tokensPerSecond: 40, reply: () => ({ content: "word ".repeat(400) }) },
  });
  const ann = await member(app, "Ann");
  const res = await ann.fetch(
    "/api/chat/stream",
    json("POST", { content: "Talk", model: "llama3.2:latest" }),
  );
  const reader = res.body!.getReader();
  let text = "";
  while (!/event: token/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  const { taskId, conversationId } = parseSse(text)[0].data as Record<string, string>;
  const cancel = await ann.fetch(`/api/tasks/${taskId}/cancel`, { method: "POST" });
  const body = await cancel.json();
  assert.equal(body.cancelled, true);
  assert.equal(body.task.status, "cancelled");
  // The check runs against the Fake Ollama as against Ollama: its /api/ps shows the model idle.
  assert.equal(body.upstream.stopped, true, JSON.stringify(body.upstream));
  // The stream ends with an error event saying it was cancelled, then [DONE].
  while (true) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  const events = parseSse(text);
  assert.equal((events.at(-2)?.data as { code: string }).code, "task_cancelled");
  assert.equal(events.at(-1)?.event, "[DONE]");
  const messages = await (await ann.fetch(`/api/conversations/${conversationId}/messages`)).json();
  assert.equal(messages.items[1].status, "cancelled");
  assert.ok(messages.items[1].content.length < 2000, "the reply stopped early");
  // A stopped first reply leaves the conversation titled from its first message.
  const conversation = await (await ann.fetch(`/api/conversations/${conversationId}`)).json();
  assert.equal(conversation.title, "Talk");
  const again = await (await ann.fetch(`/api/tasks/${taskId}/cancel`, { method: "POST" }))
    .json();
  assert.equal(again.cancelled, false, "a second cancel is a no-op");
});

Deno.test("chat api - conversations: create, list, rename, export, delete", async () => {
  await using app = await chatApp();
  const ann = await member(app, "Ann");
  const created = await ann.fetch("/api/conversations", json("POST", { title: "Holiday" }));
  assert.equal(created.status, 201);
  const c = await created.json();
  const renamed =
    await (await ann.fetch(`/api/conversations/${c.id}`, json("PATCH", { title: "Ski trip" })))
      .json();
  assert.equal(renamed.title, "Ski trip");
  await readSse(
    await ann.fetch(
      "/api/chat/stream",
      json("POST", { conversationId: c.id, content: "Where to go?", model: "llama3.2:latest" }),
    ),
  );
  const list = await (await ann.fetch("/api/conversations?limit=10")).json();
  assert.equal(list.items[0].id, c.id);
  assert.equal((await (await ann.fetch("/api/conversations?q=where")).json()).items.length, 1);
  const md = await ann.fetch(`/api/conversations/${c.id}/export?format=md`);
  assert.match(md.headers.get("content-disposition") ?? "", /attachment; filename="Ski-trip\.md"/);
  assert.match(await md.text(), /## You\n\nWhere to go\?/);
  const js = await (await ann.fetch(`/api/conversations/${c.id}/export?format=json`)).json();
  assert.equal(js.messages.length, 2);
  await expectError(
    await ann.fetch(`/api/conversations/${c.id}/export?format=pdf`),
    422,
    "invalid_input",
  );
  assert.equal((await ann.fetch(`/api/conversations/${c.id}`, { method: "DELETE" })).status, 204);
  await expectError(await ann.fetch(`/api/conversations/${c.id}`), 404, "conversation_not_found");
});

Deno.test("chat api - edit, regenerate and delete messages", async () => {
  await using app = await chatApp();
  const ann = await member(app, "Ann");
  const first = await readSse(
    await ann.fetch("/api/chat/stream", json("POST", { content: "One", model: "llama3.2:latest" })),
  );
  const { conversationId, userMessageId, assistantMessageId } = first[0].data as Record<
    string,
    string
  >;
  const again = await readSse(
    await ann.fetch(`/api/messages/${assistantMessageId}/regenerate`, {
      method: "POST",
      headers: { "content-length": "0" },
    }),
  );
  assert.equal(again.at(-1)?.event, "[DONE]");
  const resent = await readSse(
    await ann.fetch(
      `/api/messages/${userMessageId}/resend`,
      json("POST", { content: "One, edited" }),
    ),
  );
  const newReply = (resent[0].data as Record<string, string>).assistantMessageId;
  let items =
    (await (await ann.fetch(`/api/conversations/${conversationId}/messages`)).json()).items;
  assert.deepEqual(items.map((m: { content: string }) => m.content)[0], "One, edited");
  assert.equal(items.length, 2);
  const patched = await ann.fetch(
    `/api/messages/${newReply}`,
    json("PATCH", { content: "Fixed reply" }),
  );
  assert.equal((await patched.json()).content, "Fixed reply");
  assert.equal((await ann.fetch(`/api/messages/${newReply}`, { method: "DELETE" })).status, 204);
  items = (await (await ann.fetch(`/api/conversations/${conversationId}/messages`)).json()).items;
  assert.equal(items.length, 1);
});

Deno.test("chat api - search finds words with highlighted snippets and links", async () => {
  await using app = await chatApp();
  const ann = await member(app, "Ann");
  const events = await readSse(
    await ann.fetch(
      "/api/chat/stream",
      json("POST", { content: "Remember the zeppelin <b>museum</b>", model: "llama3.2:latest" }),
    ),
  );
  const { conversationId } = events[0].data as Record<string, string>;
  const { userMessageId } = events[0].data as Record<string, string>;
  const found = await (await ann.fetch("/api/search?q=zeppelin")).json();
  // The demo reply quotes the question, so both messages match; the question is one of them.
  const hit = found.hits.find((h: { id: string }) => h.id === userMessageId);
  assert.ok(hit, JSON.stringify(found));
  assert.match(hit.snippet, /<mark>zeppelin<\/mark> &lt;b&gt;museum/);
  assert.equal(hit.href, `/chat/${conversationId}?message=${userMessageId}#m-${userMessageId}`);
  await expectError(await ann.fetch("/api/search"), 422, "invalid_input");
  // Nothing to search for: a sentence, in the reader's language.
  const none = await expectError(
    await ann.fetch("/api/search?q=%21%21", { headers: { "accept-language": "de" } }),
    422,
    "search_no_words",
  );
  assert.equal(
    none.error.message,
    "Gib mindestens einen Buchstaben oder eine Ziffer ein, um zu suchen.",
  );
});

Deno.test("chat api - bad input is refused with the field named", async () => {
  await using app = await chatApp();
  const ann = await member(app, "Ann");
  const empty = await expectError(
    await ann.fetch("/api/chat/stream", json("POST", { content: "  " })),
    422,
    "invalid_input",
  );
  assert.equal(empty.error.field, "content");
  const big = await expectError(
    await ann.fetch("/api/chat/stream", json("POST", { content: "x".repeat(100_001) })),
    422,
    "invalid_input",
  );
  assert.equal(big.error.field, "content");
  assert.equal(big.error.message, "The message is too long: at most 100,000 characters.");
  const german = await expectError(
    await ann.fetch("/api/chat/stream", {
      ...json("POST", { content: "x".repeat(100_001) }),
      headers: { "content-type": "application/json", "accept-language": "de" },
    }),
    422,
    "invalid_input",
  );
  assert.equal(german.error.field, "content", "the field stays in the JSON for developers");
  assert.equal(german.error.message, "Die Nachricht ist zu lang: höchstens 100.000 Zeichen.");
  const extra = await expectError(
    await ann.fetch("/api/chat/stream", json("POST", { content: "hi", admin: true })),
    422,
    "invalid_input",
  );
  assert.equal(extra.error.message, "The field “admin” is not something this request accepts.");
  await expectError(
    await ann.fetch("/api/chat/stream", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    }),
    400,
    "invalid_json",
  );
  await expectError(await ann.fetch("/api/conversations/nope"), 404, "conversation_not_found");
});

Deno.test("chat api - without a profile, chat APIs answer 401 profile_required", async () => {
  await using app = await chatApp();
  await expectError(await app.api("/api/conversations"), 401, "profile_required");
  await expectError(
    await app.api("/api/chat/stream", json("POST", { content: "hi" })),
    401,
    "profile_required",
  );
  await expectError(await app.api("/api/search?q=x"), 401, "profile_required");
});

Deno.test("chat api - another profile cannot read, resume, cancel, edit, export, delete or find Ann's chat", async () => {
  await using app = await chatApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const events = await readSse(
    await ann.fetch(
      "/api/chat/stream",
      json("POST", { content: "Ann's secret plan", model: "llama3.2:latest" }),
    ),
  );
  const { conversationId: c, taskId: t, userMessageId: m, assistantMessageId: a } = events[0]
    .data as Record<string, string>;
  const refusals: [string, RequestInit | undefined, string][] = [
    [`/api/conversations/${c}`, undefined, "conversation_not_found"],
    [`/api/conversations/${c}/messages`, undefined, "conversation_not_found"],
    [`/api/conversations/${c}/export?format=json`, undefined, "conversation_not_found"],
    [`/api/conversations/${c}`, json("PATCH", { title: "mine" }), "conversation_not_found"],
    [`/api/conversations/${c}`, { method: "DELETE" }, "conversation_not_found"],
    [`/api/messages/${m}`, undefined, "message_not_found"],
    [`/api/messages/${m}`, json("PATCH", { content: "x" }), "message_not_found"],
    [`/api/messages/${m}`, { method: "DELETE" }, "message_not_found"],
    [`/api/messages/${m}/resend`, json("POST", { content: "x" }), "message_not_found"],
    [`/api/messages/${a}/regenerate`, json("POST", {}), "message_not_found"],
    [`/api/tasks/${t}`, undefined, "task_not_found"],
    [`/api/tasks/${t}/stream`, undefined, "task_not_found"],
    [`/api/tasks/${t}/cancel`, { method: "POST" }, "task_not_found"],
  ];
  for (const [path, init, code] of refusals) {
    await expectError(await bob.fetch(path, init), 404, code);
  }
  await expectError(
    await bob.fetch("/api/chat/stream", json("POST", { conversationId: c, content: "hijack" })),
    404,
    "conversation_not_found",
  );
  assert.deepEqual((await (await bob.fetch("/api/search?q=secret")).json()).hits, []);
  assert.deepEqual((await (await bob.fetch("/api/conversations")).json()).items, []);
  // Ann's chat is untouched.
  const mine = await (await ann.fetch(`/api/conversations/${c}/messages`)).json();
  assert.equal(mine.items[0].content, "Ann's secret plan");
});

Deno.test("chat api - a conversation's think switch: on by default, set on create, changed by PATCH, checked", async () => {
  await using app = await chatApp();
  const ann = await member(app, "Ann");
  const plain = await (await ann.fetch("/api/conversations", json("POST", {}))).json();
  assert.equal(plain.think, true);
  const quiet = await ann.fetch("/api/conversations", json("POST", { think: false }));
  assert.equal(quiet.status, 201);
  assert.equal((await quiet.json()).think, false);
  const patched = await ann.fetch(
    `/api/conversations/${plain.id}`,
    json("PATCH", { think: false }),
  );
  assert.equal(patched.status, 200);
  assert.equal((await patched.json()).think, false);
  assert.equal((await (await ann.fetch(`/api/conversations/${plain.id}`)).json()).think, false);
  await expectError(
    await ann.fetch(`/api/conversations/${plain.id}`, json("PATCH", { think: "yes" })),
    422,
    "invalid_input",
  );
});

Deno.test("chat api - the household default is named as Ollama lists it, whatever its case", async () => {
  await using app = await chatApp();
  await app.services.config.update({ models: { chat: "Llama3.2" } });
  const ann = await member(app, "Ann");
  const body = await (await ann.fetch("/api/chat/models")).json();
  assert.equal(body.default, "llama3.2:latest");
  assert.ok(body.models.some((m: { name: string }) => m.name === body.default));
});

Deno.test("chat api - the model list leaves out embedding models and names the default the admin set", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  const before = await (await ann.fetch("/api/chat/models")).json();
  const names = before.models.map((m: { name: string }) => m.name);
  assert.ok(names.includes("llama3.2:latest") && names.includes("gemma3:4b"), names.join());
  assert.ok(!names.includes("nomic-embed-text:latest"), "an embedding model cannot chat");
  // The admin sets the household's default in the settings; new chats start with it.
  const put = await app.admin("/api/admin/config", json("PUT", { models: { chat: "qwen3:0.6b" } }));
  assert.equal(put.status, 200, await put.text());
  const after = await (await ann.fetch("/api/chat/models")).json();
  assert.equal(after.default, "qwen3:0.6b");
});

Deno.test("chat api - a model without capabilities is judged by its name and family", () => {
  assert.equal(canChat({ name: "nomic-embed-text:latest" }), false);
  assert.equal(canChat({ name: "mxbai:latest", family: "bert" }), false);
  assert.equal(canChat({ name: "x:latest", capabilities: ["embedding"] }), false);
  assert.equal(canChat({ name: "embedder:latest", capabilities: ["completion"] }), true);
  assert.equal(canChat({ name: "gpt-4o-mini" }), true);
});
