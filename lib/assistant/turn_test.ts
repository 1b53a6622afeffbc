/**
 * Assistant mode on the Fake Ollama: every intent is routed through a real tool call (Ollama's
 * NDJSON `tool_calls`) to the stores, the text-instead-of-a-call fallback asks again with a
 * JSON-schema `format`, ambiguity and missing fields are questions that change nothing.
 */
import assert from "node:assert/strict";
import { getEvent } from "../events/store.ts";
import { createEvent } from "../events/store.ts";
import { addItems, createList, getList } from "../lists/store.ts";
import { createMemo, listMemos } from "../memos/store.ts";
import { createTodo, getTodo, listTodos } from "../todos/store.ts";
import { assistantChat, NOW } from "./testing.ts";

/** A tool's JSON Schema, as far as the test reads it. */
type Schema = { type: string; properties: Record<string, { type: string }>; required: string[] };

const chatBodies = (fake: { requests: { path: string; body: Record<string, unknown> | null }[] }) =>
  fake.requests.filter((r) => r.path === "/api/chat").map((r) => r.body!).filter((b) =>
    Array.isArray(b.messages) && b.messages.length > 0 &&
    !String((b.messages as { content: string }[])[0].content).startsWith("Write a title")
  );

const todos = async (db: { kysely: Parameters<typeof listTodos>[0] }, status?: "open" | "done") =>
  (await listTodos(db.kysely, "ann", {
    ...(status && { status }),
    sort: "created",
    limit: 200,
    offset: 0,
  }, NOW)).todos;

Deno.test("assistant - 'remind me to call mum tomorrow at 6' is a todo due tomorrow 18:00 Berlin, with an action event, a card and the real wire format", async () => {
  await using t = await assistantChat();
  const r = await t.say("remind me to call mum tomorrow at 6", {
    call: { name: "create_todo", arguments: { title: "call mum", when: "tomorrow at 6" } },
  });
  const [todo] = await todos(t.db);
  assert.equal(todo.title, "call mum");
  assert.equal(todo.due, "2026-03-05T17:00:00.000Z");
  assert.equal(todo.timeZone, "Europe/Berlin");
  // The stream: meta, the card as an `action` event, the confirmation as tokens, done.
  const names = r.events.map((e) => e.event);
  assert.deepEqual(names.filter((n) => n !== "wait"), ["meta", "action", "token", "done"]);
  const action = r.events.find((e) => e.event === "action")!.data;
  assert.equal(action.kind, "todo");
  assert.equal(action.href, `/todos#t-${todo.id}`);
  assert.equal(r.text, "Done: I added the todo “call mum · Thu, Mar 5, 6:00 PM”.");
  assert.equal(r.reply.status, "complete");
  assert.deepEqual(r.card, action, "the card is kept with the reply");
  assert.ok(r.card?.actionId);
  // What went over the wire: Ollama's tools array, each a function with a JSON Schema.
  const [body] = chatBodies(t.fake);
  const tools = body.tools as { type: string; function: { name: string; parameters: Schema } }[];
  assert.equal(tools[0].type, "function");
  const create = tools.find((x) => x.function.name === "create_todo")!.function;
  assert.equal(create.parameters.type, "object");
  assert.equal(create.parameters.properties.title.type, "string");
  assert.deepEqual(create.parameters.required, ["title"]);
  assert.equal(body.think, undefined, "a model that cannot think is told nothing");
});

Deno.test("assistant - every todo intent reaches the store", async () => {
  await using t = await assistantChat();
  const now = NOW;
  const milk = await createTodo(t.db.kysely, "ann", { title: "buy milk", timeZone: "UTC" }, now);
  await createTodo(t.db.kysely, "ann", {
    title: "water plants",
    due: "2026-03-04T18:00",
    timeZone: "Europe/Berlin",
  }, now);
  let r = await t.say("what's due today?", {
    call: { name: "query_todos", arguments: { when: "today" } },
  });
  assert.deepEqual(r.card?.items?.map((i) => i.title), ["water plants"]);
  assert.equal(r.card?.actionId, undefined, "a query changes nothing: nothing to undo");
  r = await t.say("move buy milk to friday 9am", {
    call: { name: "update_todo", arguments: { match: "milk", when: "friday 9am" } },
  });
  assert.equal((await getTodo(t.db.kysely, "ann", milk.id)).due, "2026-03-06T08:00:00.000Z");
  assert.equal(r.card?.title, "Todo changed");
  r = await t.say("I bought the milk", {
    call: { name: "complete_todo", arguments: { match: "the milk" } },
  });
  assert.equal((await getTodo(t.db.kysely, "ann", milk.id)).status, "done");
  r = await t.say("delete water plants", {
    call: { name: "delete_todo", arguments: { match: "water plants" } },
  });
  assert.deepEqual((await todos(t.db)).map((x) => x.title), ["buy milk"]);
});

Deno.test("assistant - every event intent reaches the store", async () => {
  await using t = await assistantChat();
  let r = await t.say("dentist next tuesday 3pm to 4pm at Main St", {
    call: {
      name: "create_event",
      arguments: { title: "Dentist", when: "next tuesday 3pm to 4pm", location: "Main St" },
    },
  });
  const id = new URL(r.card!.href!, "http://x").searchParams.get("event")!;
  const event = await getEvent(t.db.kysely, "ann", id);
  assert.equal(event.start, "2026-03-10T14:00:00.000Z");
  assert.equal(event.end, "2026-03-10T15:00:00.000Z");
  assert.equal(event.location, "Main St");
  r = await t.say("what's on next week?", {
    call: { name: "query_events", arguments: { when: "next tuesday" } },
  });
  assert.deepEqual(r.card?.items?.map((i) => i.title), ["Dentist"]);
  r = await t.say("move the dentist to wednesday 10am", {
    call: { name: "update_event", arguments: { match: "dentist", when: "next wednesday 10am" } },
  });
  const moved = await getEvent(t.db.kysely, "ann", id);
  assert.equal(moved.start, "2026-03-11T09:00:00.000Z");
  assert.equal(moved.end, "2026-03-11T10:00:00.000Z", "it keeps its hour");
  r = await t.say("cancel the dentist", {
    call: { name: "delete_event", arguments: { match: "Dentist" } },
  });
  await assert.rejects(getEvent(t.db.kysely, "ann", id), /event/);
});

Deno.test("assistant - every memo, list, search and briefing intent, and chat", async () => {
  await using t = await assistantChat();
  let r = await t.say("note that the wifi code is 1234", {
    call: { name: "create_memo", arguments: { title: "Wifi", body: "The code is 1234" } },
  });
  assert.equal(r.card?.title, "Memo added");
  r = await t.say("what was the wifi code?", {
    call: { name: "query_memos", arguments: { text: "wifi" } },
  });
  assert.deepEqual(r.card?.items?.map((i) => i.title), ["Wifi"]);
  r = await t.say("add to the wifi memo: guest code 99", {
    call: { name: "update_memo", arguments: { match: "wifi", append: "Guest code 99" } },
  });
  let memos = (await listMemos(t.db.kysely, "ann", { sort: "updated", limit: 10 })).items;
  assert.equal(memos[0].body, "The code is 1234\n\nGuest code 99");
  r = await t.say("delete the wifi memo", {
    call: { name: "delete_memo", arguments: { match: "wifi" } },
  });
  memos = (await listMemos(t.db.kysely, "ann", { sort: "updated", limit: 10 })).items;
  assert.equal(memos.length, 0);

  const list = await createList(t.db.kysely, "ann", {
    name: "Groceries",
    kind: "shopping",
    shared: false,
  });
  r = await t.say("put milk and eggs on the shopping list", {
    call: { name: "add_to_list", arguments: { list: "shopping", items: ["milk", "eggs"] } },
  });
  assert.deepEqual((await getList(t.db.kysely, "ann", list.id)).items.map((i) => i.text), [
    "milk",
    "eggs",
  ]);
  assert.equal(r.card?.href, `/lists/${list.id}`);

  await createMemo(t.db.kysely, "ann", {
    body: "Passport is in the blue drawer",
    tags: [],
    pinned: false,
  });
  r = await t.say("where is my passport?", {
    call: { name: "search", arguments: { query: "passport" } },
  });
  assert.equal(r.card?.kind, "search");
  const memo = r.card?.items?.find((i) => i.detail === "Memo");
  assert.match(
    memo?.href ?? "",
    /^\/memos\?m=[^#]+#m-/,
    "the memo is among the hits (the question is too)",
  );

  await createTodo(t.db.kysely, "ann", {
    title: "call the bank",
    due: "2026-03-04T15:00",
    timeZone: "Europe/Berlin",
  }, NOW);
  r = await t.say("brief me", {
    call: { name: "daily_briefing", arguments: {} },
    chat: "A calm day: call the bank at 15:00.",
  });
  assert.equal(r.text, "A calm day: call the bank at 15:00.");
  assert.equal(r.card?.kind, "briefing");
  const brief = chatBodies(t.fake).at(-1)!;
  assert.match(JSON.stringify(brief.messages), /call the bank/, "the model writes it from Today");
  assert.match(JSON.stringify(brief.messages), /15:00/);

  r = await t.say("how are you?", { call: { name: "chat", arguments: {} }, chat: "Fine, thanks!" });
  assert.equal(r.text, "Fine, thanks!");
  assert.equal(r.card, undefined);
});

Deno.test("assistant - text instead of a tool call: asked again with a JSON-schema format, and that answer is used", async () => {
  await using t = await assistantChat();
  const r = await t.say("remind me to buy bread tomorrow", {
    text: "Sure! I will remind you to buy bread tomorrow.",
    json: { intent: "create_todo", arguments: { title: "buy bread", when: "tomorrow" } },
  });
  const [todo] = await todos(t.db);
  assert.equal(todo.title, "buy bread");
  assert.equal(todo.dueAllDay, true);
  assert.equal(r.card?.kind, "todo");
  const [first, second] = chatBodies(t.fake);
  assert.ok(Array.isArray(first.tools));
  assert.equal(second.tools, undefined);
  const format = second.format as { anyOf?: unknown[]; oneOf?: unknown[] };
  assert.ok((format.anyOf ?? format.oneOf)?.length, "a discriminated schema, one shape per intent");
  assert.equal(r.reply.meta.assistant && (r.reply.meta.assistant as { via: string }).via, "format");
});

Deno.test("assistant - an invalid constrained answer too: a plain chat reply, never an error, nothing changed", async () => {
  await using t = await assistantChat();
  const r = await t.say("remind me of something", {
    text: "Of course!",
    json: { intent: "create_todo", arguments: { when: "tomorrow" } },
    chat: "What should I remind you of?",
  });
  assert.equal(r.text, "What should I remind you of?");
  assert.equal(r.reply.status, "complete");
  assert.equal(r.card, undefined);
  assert.equal((await todos(t.db)).length, 0);
  assert.equal(chatBodies(t.fake).length, 3, "tools, format, then plain chat");
});

Deno.test("assistant - a model that cannot call tools goes straight to the constrained answer", async () => {
  await using t = await assistantChat({ model: "gemma3:4b" });
  const r = await t.say("remind me to stretch at 4pm", {
    json: { intent: "create_todo", arguments: { title: "stretch", when: "at 4pm" } },
  });
  assert.equal(r.reply.status, "complete", JSON.stringify(r.reply.meta));
  assert.equal((await todos(t.db))[0].title, "stretch");
  assert.ok(chatBodies(t.fake).every((b) => b.tools === undefined), "no tools to a model without");
});

Deno.test("assistant - an ambiguous request asks which one and changes nothing", async () => {
  await using t = await assistantChat();
  for (const start of ["2026-03-05T08:00:00Z", "2026-03-12T08:00:00Z"]) {
    await createEvent(t.db.kysely, "ann", {
      title: "Dentist appointment",
      start,
      end: start.replace("08:", "09:"),
      allDay: false,
      timeZone: "Europe/Berlin",
      notes: "",
      location: "",
      reminderMinutes: [],
      rrule: null,
      exdates: [],
    });
  }
  const r = await t.say("delete the dentist appointment", {
    call: { name: "delete_event", arguments: { match: "dentist" } },
  });
  assert.match(r.text, /matches 2: .*Which one do you mean\?/);
  assert.equal(r.card, undefined);
  const rows = await t.db.kysely.selectFrom("events").select("id").execute();
  assert.equal(rows.length, 2, "nothing was deleted");
  assert.equal(
    (await t.db.kysely.selectFrom("assistant_actions").select("id").execute()).length,
    0,
  );
  // The day said picks one.
  const picked = await t.say("the one on thursday", {
    call: { name: "delete_event", arguments: { match: "dentist", on: "thursday" } },
  });
  assert.equal(picked.card?.title, "Event deleted");
  assert.equal((await t.db.kysely.selectFrom("events").select("id").execute()).length, 1);
});

Deno.test("assistant - a missing or unreadable field is a question, in German too", async () => {
  await using t = await assistantChat({ locale: "de" });
  let r = await t.say("Zahnarzt eintragen", {
    call: { name: "create_event", arguments: { title: "Zahnarzt" } },
  });
  assert.equal(r.text, "Wann ist „Zahnarzt“?");
  r = await t.say("erinnere mich", {
    call: { name: "create_todo", arguments: { when: "morgen" } },
  });
  assert.match(r.text, /Dafür brauche ich etwas mehr \(„title“\)/);
  r = await t.say("morgen um 6 Mama anrufen", {
    call: { name: "create_todo", arguments: { title: "Mama anrufen", when: "morgen um 6" } },
  });
  assert.equal((await todos(t.db))[0].due, "2026-03-05T17:00:00.000Z");
  assert.match(r.text, /^Erledigt: Aufgabe „Mama anrufen · /);
  assert.equal((await todos(t.db)).length, 1);
});

Deno.test("assistant - a conversation not in assistant mode never offers tools", async () => {
  await using t = await assistantChat();
  await t.db.kysely.updateTable("conversations").set({ assistant: 0 }).execute();
  const r = await t.say("remind me to call mum tomorrow at 6", {
    call: { name: "create_todo", arguments: { title: "call mum" } },
  });
  assert.equal(r.text, "Just a plain reply.");
  assert.ok(chatBodies(t.fake).every((b) => b.tools === undefined));
  assert.equal((await todos(t.db)).length, 0);
});

// Keeps the list import honest: items added outside the assistant are untouched by it.
Deno.test("assistant - a list that does not exist is a question", async () => {
  await using t = await assistantChat();
  const list = await createList(t.db.kysely, "ann", {
    name: "Packing",
    kind: "packing",
    shared: false,
  });
  await addItems({ db: t.db.kysely, feeds: t.feeds }, "ann", list.id, ["socks"]);
  const r = await t.say("add milk to the shopping list", {
    call: { name: "add_to_list", arguments: { list: "shopping", items: ["milk"] } },
  });
  assert.equal(r.text, "You have no list called “shopping”. Which list do you mean?");
  assert.deepEqual((await getList(t.db.kysely, "ann", list.id)).items.map((i) => i.text), [
    "socks",
  ]);
});

Deno.test("assistant - on an OpenAI-compatible server: its tool calls, and its json_schema response_format as the fallback", async () => {
  await using t = await assistantChat({ openai: true });
  let r = await t.say("remind me to call mum tomorrow at 6", {
    call: { name: "create_todo", arguments: { title: "call mum", when: "tomorrow at 6" } },
  });
  assert.equal(r.card?.title, "Todo added");
  r = await t.say("note: the boiler code is 42", {
    text: "Noted!",
    json: { intent: "create_memo", arguments: { body: "The boiler code is 42" } },
  });
  assert.equal(r.card?.title, "Memo added");
  const bodies = t.openai!.requests.filter((q) => q.path === "/v1/chat/completions")
    .map((q) => q.body as Record<string, unknown>);
  assert.ok(bodies.some((b) => Array.isArray(b.tools)));
  assert.ok(bodies.some((b) => (b.response_format as { type?: string })?.type === "json_schema"));
  assert.equal((await todos(t.db))[0].due, "2026-03-05T17:00:00.000Z");
});
