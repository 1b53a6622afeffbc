/**
 * Conversations as trees over HTTP: edit and regenerate keep the old versions, `select` switches
 * the active path, and what the model is sent follows it (read at the Fake Ollama).
 */
import assert from "node:assert/strict";
import { json, readSse } from "./helpers/admin.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

type Item = { id: string; content: string; parentId: string | null; versions?: unknown };

/** The user messages of the last chat the Fake Ollama got for a reply (not a title). */
function sentQuestions(app: TestApp): string[] {
  type Sent = { role: string; content: string }[];
  const chat = app.ollama!.server.requests.filter((r) => {
    const messages = r.body?.messages as Sent | undefined;
    return r.path === "/api/chat" && messages?.length &&
      !messages[0].content.startsWith("Write a title");
  }).at(-1);
  return (chat?.body?.messages as Sent).filter((m) => m.role === "user").map((m) => m.content);
}

async function say(who: Member, content: string, conversationId?: string) {
  const events = await readSse(
    await who.fetch(
      "/api/chat/stream",
      json("POST", { content, model: "llama3.2:latest", conversationId }),
    ),
  );
  return events[0].data as Record<string, string>;
}

async function path(who: Member, conversationId: string): Promise<Item[]> {
  return (await (await who.fetch(`/api/conversations/${conversationId}/messages`)).json()).items;
}

Deno.test("chat branches api - switching versions changes what the model is sent", async () => {
  await using app = await testApp({ ollama: { tokensPerSecond: 0 } });
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const first = await say(ann, "Alpha question");
  const c = first.conversationId;
  await say(ann, "Beta follow-up", c);

  // Edit the first question: a new version beside it, answered with only itself as history.
  const edited = await readSse(
    await ann.fetch(
      `/api/messages/${first.userMessageId}/resend`,
      json("POST", { content: "Gamma question" }),
    ),
  );
  assert.deepEqual(sentQuestions(app), ["Gamma question"]);
  const gamma = (edited[0].data as Record<string, string>).userMessageId;
  let items = await path(ann, c);
  assert.deepEqual(items.map((m) => m.content).slice(0, 1), ["Gamma question"]);
  assert.equal(items.length, 2);
  assert.deepEqual(items[0].versions, { index: 2, count: 2, ids: [first.userMessageId, gamma] });
  assert.equal((await (await ann.fetch(`/api/conversations/${c}`)).json()).leafId, items[1].id);

  await say(ann, "Delta", c);
  assert.deepEqual(sentQuestions(app), ["Gamma question", "Delta"]);

  // Back to version 1: its whole branch is the path again, and the next message follows it.
  const selected = await ann.fetch(`/api/messages/${first.userMessageId}/select`, {
    method: "POST",
  });
  assert.equal(selected.status, 200);
  const page = await selected.json();
  assert.deepEqual(
    page.items.filter((_: Item, i: number) => i % 2 === 0).map((m: Item) => m.content),
    ["Alpha question", "Beta follow-up"],
  );
  assert.deepEqual(page.items[0].versions, {
    index: 1,
    count: 2,
    ids: [first.userMessageId, gamma],
  });
  assert.equal(page.hasMore, false);
  await say(ann, "Epsilon", c);
  assert.deepEqual(sentQuestions(app), ["Alpha question", "Beta follow-up", "Epsilon"]);

  // Regenerate the last reply: its history ends at its question; both replies stay.
  items = await path(ann, c);
  const last = items.at(-1)!;
  await readSse(
    await ann.fetch(`/api/messages/${last.id}/regenerate`, {
      method: "POST",
      headers: { "content-length": "0" },
    }),
  );
  assert.deepEqual(sentQuestions(app), ["Alpha question", "Beta follow-up", "Epsilon"]);
  items = await path(ann, c);
  assert.deepEqual((items.at(-1)!.versions as { ids: string[] }).ids[0], last.id);
  const back = await (await ann.fetch(`/api/messages/${last.id}/select`, { method: "POST" }))
    .json();
  assert.equal(back.items.at(-1).id, last.id);

  // Another profile's message is a 404; a bad limit a 422.
  await expectError(
    await bob.fetch(`/api/messages/${gamma}/select`, { method: "POST" }),
    404,
    "message_not_found",
  );
  await expectError(
    await ann.fetch(`/api/messages/${gamma}/select?limit=0`, { method: "POST" }),
    422,
    "invalid_input",
  );

  // The JSON export keeps every branch; Markdown the active path.
  const exported = await (await ann.fetch(`/api/conversations/${c}/export?format=json`)).json();
  assert.equal(exported.format, "hearth.conversation.v2");
  assert.equal(exported.messages.length, 11);
  assert.equal(exported.conversation.leafId, last.id);
  assert.ok(exported.messages.every((m: Item) => "parentId" in m && !("versions" in m)));
  const md = await (await ann.fetch(`/api/conversations/${c}/export?format=md`)).text();
  assert.match(md, /Alpha question/);
  assert.doesNotMatch(md, /## You\n\nGamma question/, "(the title followed the edit)");
});

Deno.test("chat branches api - a search hit's link opens its branch", async () => {
  await using app = await testApp({ ollama: { tokensPerSecond: 0 } });
  const ann = await member(app, "Ann");
  const first = await say(ann, "Zeppelin museum hours");
  const c = first.conversationId;
  await readSse(
    await ann.fetch(
      `/api/messages/${first.userMessageId}/resend`,
      json("POST", { content: "Opening times please" }),
    ),
  );
  const found = await (await ann.fetch("/api/search?q=zeppelin")).json();
  const hit = found.hits.find((h: { id: string }) => h.id === first.userMessageId);
  assert.ok(hit, "the old version is found");
  const page = await ann.fetch(hit.href.replace(/#.*/, ""));
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Zeppelin museum hours/);
  assert.equal((await path(ann, c))[0].content, "Zeppelin museum hours");
});
