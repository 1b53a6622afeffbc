/**
 * Actions from chat over HTTP: the conversation's `assistant` switch, a message in German that
 * becomes a todo through `POST /api/chat/stream` (the reply in the request's language, the card
 * as an `action` event), and `POST /api/assistant/actions/{id}/undo` (JSON, idempotent, owned).
 */
import assert from "node:assert/strict";
import { listTodos } from "../lib/todos/store.ts";
import { json, readSse } from "./helpers/admin.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

Deno.test("assistant api - switch, a German reminder as a todo with its card, undo once, another profile's 404", async () => {
  await using app = await testApp({
    ollama: {
      reply: (body) =>
        Array.isArray(body.tools)
          ? {
            toolCalls: [{
              name: "create_todo",
              arguments: { title: "Mama anrufen", when: "morgen um 6" },
            }],
          }
          : { content: "Hallo." },
    },
  });
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const created = await ann.fetch(
    "/api/conversations",
    json("POST", { assistant: true, model: "llama3.2:latest" }),
  );
  assert.equal(created.status, 201, await created.clone().text());
  const conversation = await created.json();
  assert.equal(conversation.assistant, true);
  const off = await ann.fetch(
    `/api/conversations/${conversation.id}`,
    json("PATCH", { assistant: "yes" }),
  );
  assert.equal(off.status, 422);
  assert.equal((await off.json()).error.field, "assistant");

  const events = await readSse(
    await ann.fetch("/api/chat/stream", {
      ...json("POST", { conversationId: conversation.id, content: "Erinnere mich morgen um 6" }),
      headers: { "content-type": "application/json", "accept-language": "de" },
    }),
  );
  const card = events.find((e) => e.event === "action")?.data as Record<string, string>;
  assert.equal(card.title, "Aufgabe hinzugefügt");
  const text = events.filter((e) => e.event === "token").map((e) =>
    (e.data as { text: string }).text
  )
    .join("");
  assert.match(text, /^Erledigt: Aufgabe „Mama anrufen · /);
  const todos = async () =>
    (await listTodos(app.services.db.kysely, ann.id, { sort: "due", limit: 5, offset: 0 })).todos;
  assert.equal((await todos()).length, 1);

  const url = `/api/assistant/actions/${card.actionId}/undo`;
  const theirs = await bob.fetch(url, { method: "POST" });
  assert.equal(theirs.status, 404);
  assert.equal((await theirs.json()).error.code, "action_not_found");
  assert.equal((await todos()).length, 1, "Bob changed nothing");

  const undone = await ann.fetch(url, { method: "POST" });
  assert.equal(undone.status, 200);
  assert.match(undone.headers.get("content-type") ?? "", /^application\/json/);
  const body = await undone.json();
  assert.deepEqual([body.changed, body.card.undone], [true, true]);
  assert.equal((await todos()).length, 0);
  const again = await (await ann.fetch(url, { method: "POST" })).json();
  assert.deepEqual([again.changed, again.card.undone], [false, true]);

  // The reloaded conversation's reply carries the card, undone.
  const page = await (await ann.fetch(`/api/conversations/${conversation.id}/messages`)).json();
  assert.equal(page.items.at(-1).meta.card.undone, true);
});
