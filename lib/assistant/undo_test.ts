/**
 * Undo of actions from chat: each kind really reversed through the stores, once (a second undo
 * changes nothing), only by its owner, and the reply's card says it was undone after a reload.
 */
import assert from "node:assert/strict";
import { getMessage } from "../chat/store.ts";
import { createEvent, getEvent } from "../events/store.ts";
import { createList, getList } from "../lists/store.ts";
import { createMemo, listMemos } from "../memos/store.ts";
import { createTodo, getTodo, listTodos } from "../todos/store.ts";
import { assistantChat, NOW } from "./testing.ts";
import { undoAction } from "./undo.ts";

type Chat = Awaited<ReturnType<typeof assistantChat>>;

const undo = (t: Chat, id: string, profile = "ann") =>
  undoAction({ db: t.db, feeds: t.feeds, now: () => NOW }, profile, id);

const allTodos = async (t: Chat) =>
  (await listTodos(t.db.kysely, "ann", { sort: "created", limit: 200, offset: 0 }, NOW)).todos;

Deno.test("undo - a created todo is deleted, once; the card is undone after a reload", async () => {
  await using t = await assistantChat();
  const r = await t.say("remind me to call mum tomorrow at 6", {
    call: { name: "create_todo", arguments: { title: "call mum", when: "tomorrow at 6" } },
  });
  assert.equal((await allTodos(t)).length, 1);
  const first = await undo(t, r.card!.actionId!);
  assert.equal(first.changed, true);
  assert.equal(first.card.undone, true);
  assert.equal((await allTodos(t)).length, 0);
  const saved = await getMessage(t.db.kysely, "ann", r.reply.id);
  assert.equal((saved.meta.card as { undone?: boolean }).undone, true, "kept with the reply");
  const again = await undo(t, r.card!.actionId!);
  assert.equal(again.changed, false, "a second undo changes nothing");
  assert.equal(again.card.undone, true);
});

Deno.test("undo - another profile's action is the 404 of a missing one, and nothing changes", async () => {
  await using t = await assistantChat();
  const r = await t.say("remind me to call mum", {
    call: { name: "create_todo", arguments: { title: "call mum" } },
  });
  await assert.rejects(undo(t, r.card!.actionId!, "bob"), {
    status: 404,
    code: "action_not_found",
  });
  await assert.rejects(undo(t, "nope"), { status: 404, code: "action_not_found" });
  assert.equal((await allTodos(t)).length, 1);
});

Deno.test("undo - a completed recurring todo is reopened and its next occurrence removed", async () => {
  await using t = await assistantChat();
  const todo = await createTodo(t.db.kysely, "ann", {
    title: "take out the bins",
    due: "2026-03-04T19:00",
    timeZone: "Europe/Berlin",
    recurrence: "FREQ=WEEKLY",
  }, NOW);
  const r = await t.say("I took out the bins", {
    call: { name: "complete_todo", arguments: { match: "bins" } },
  });
  assert.equal((await allTodos(t)).length, 2, "done, and the next one");
  await undo(t, r.card!.actionId!);
  const left = await allTodos(t);
  assert.deepEqual(left.map((x) => [x.id, x.status]), [[todo.id, "open"]]);
});

Deno.test("undo - a changed todo gets its due back; a deleted one comes back with its sub-tasks", async () => {
  await using t = await assistantChat();
  const todo = await createTodo(t.db.kysely, "ann", {
    title: "pay rent",
    due: "2026-03-31",
    timeZone: "Europe/Berlin",
    tags: ["home"],
  }, NOW);
  await createTodo(t.db.kysely, "ann", { title: "find the iban", parentId: todo.id }, NOW);
  let r = await t.say("move the rent to friday 5pm", {
    call: { name: "update_todo", arguments: { match: "rent", when: "friday 5pm" } },
  });
  assert.equal((await getTodo(t.db.kysely, "ann", todo.id)).dueAllDay, false);
  await undo(t, r.card!.actionId!);
  const back = await getTodo(t.db.kysely, "ann", todo.id);
  assert.equal(back.due, todo.due);
  assert.equal(back.dueAllDay, true);

  r = await t.say("delete pay rent", {
    call: { name: "delete_todo", arguments: { match: "pay rent" } },
  });
  assert.equal((await allTodos(t)).length, 0, "the sub-task went with it");
  const result = await undo(t, r.card!.actionId!);
  const restored = await allTodos(t);
  const parent = restored.find((x) => x.title === "pay rent")!;
  assert.equal(parent.due, todo.due);
  assert.deepEqual(parent.tags, ["home"]);
  assert.equal(restored.find((x) => x.title === "find the iban")?.parentId, parent.id);
  assert.equal(result.card.href, `/todos#t-${parent.id}`, "the card opens the restored todo");
});

Deno.test("undo - a moved event goes back; a deleted memo and list entries are restored or removed", async () => {
  await using t = await assistantChat();
  const event = await createEvent(t.db.kysely, "ann", {
    title: "Dentist",
    start: "2026-03-05T08:00:00Z",
    end: "2026-03-05T09:00:00Z",
    allDay: false,
    timeZone: "Europe/Berlin",
    notes: "",
    location: "",
    reminderMinutes: [30],
    rrule: null,
    exdates: [],
  });
  let r = await t.say("move the dentist to friday 3pm", {
    call: { name: "update_event", arguments: { match: "dentist", when: "friday 3pm" } },
  });
  assert.notEqual((await getEvent(t.db.kysely, "ann", event.id)).start, event.start);
  await undo(t, r.card!.actionId!);
  const back = await getEvent(t.db.kysely, "ann", event.id);
  assert.deepEqual([back.start, back.end, back.reminderMinutes], [event.start, event.end, [30]]);

  await createMemo(t.db.kysely, "ann", {
    title: "Wifi",
    body: "1234",
    tags: ["home"],
    pinned: true,
  });
  r = await t.say("delete the wifi memo", {
    call: { name: "delete_memo", arguments: { match: "wifi" } },
  });
  assert.equal(
    (await listMemos(t.db.kysely, "ann", { sort: "updated", limit: 5 })).items.length,
    0,
  );
  await undo(t, r.card!.actionId!);
  const [memo] = (await listMemos(t.db.kysely, "ann", { sort: "updated", limit: 5 })).items;
  assert.deepEqual([memo.title, memo.body, memo.tags, memo.pinned], [
    "Wifi",
    "1234",
    ["home"],
    true,
  ]);

  const list = await createList(t.db.kysely, "ann", {
    name: "Shopping",
    kind: "shopping",
    shared: true,
  });
  r = await t.say("add milk and eggs to shopping", {
    call: { name: "add_to_list", arguments: { list: "shopping", items: ["milk", "eggs"] } },
  });
  assert.equal((await getList(t.db.kysely, "ann", list.id)).items.length, 2);
  await undo(t, r.card!.actionId!);
  assert.equal((await getList(t.db.kysely, "ann", list.id)).items.length, 0);
});

Deno.test("undo - a created event is deleted; a deleted event comes back", async () => {
  await using t = await assistantChat();
  let r = await t.say("yoga on friday at 7", {
    call: { name: "create_event", arguments: { title: "Yoga", when: "friday at 7" } },
  });
  const id = new URL(r.card!.href!, "http://x").searchParams.get("event")!;
  assert.equal((await getEvent(t.db.kysely, "ann", id)).start, "2026-03-06T18:00:00.000Z");
  await undo(t, r.card!.actionId!);
  await assert.rejects(getEvent(t.db.kysely, "ann", id), { status: 404 });
  r = await t.say("yoga on friday at 7", {
    call: { name: "create_event", arguments: { title: "Yoga", when: "friday at 7" } },
  });
  r = await t.say("cancel yoga", { call: { name: "delete_event", arguments: { match: "yoga" } } });
  const undone = await undo(t, r.card!.actionId!);
  const again = new URL(undone.card.href!, "http://x").searchParams.get("event")!;
  assert.equal((await getEvent(t.db.kysely, "ann", again)).title, "Yoga");
});

Deno.test("undo - a reversal that cannot happen says why and can be tried again", async () => {
  await using t = await assistantChat();
  const todo = await createTodo(t.db.kysely, "ann", { title: "pay rent", timeZone: "UTC" }, NOW);
  const r = await t.say("rename pay rent to pay the rent", {
    call: { name: "update_todo", arguments: { match: "pay rent", title: "pay the rent" } },
  });
  // Deleted elsewhere since: there is nothing to give the old title back to.
  await t.db.kysely.deleteFrom("todos").where("id", "=", todo.id).execute();
  await assert.rejects(undo(t, r.card!.actionId!), { status: 404, code: "todo_not_found" });
  const row = await t.db.kysely.selectFrom("assistant_actions").select("undone_at")
    .where("id", "=", r.card!.actionId!).executeTakeFirstOrThrow();
  assert.equal(row.undone_at, null, "the claim was released");
});
