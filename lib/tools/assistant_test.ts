/** The assistant's tools as agent tools: one adapter, the profile's data, undoable, `ask` → 422. */
import assert from "node:assert/strict";
import { ASSISTANT_TOOLS } from "../assistant/tools.ts";
import { undoAction } from "../assistant/undo.ts";
import { HttpError } from "../http/errors.ts";
import { localizedMessage } from "../i18n/errors.ts";
import { createTodo, listTodos } from "../todos/store.ts";
import { getMessage, updateMessage } from "../chat/store.ts";
import { ASSISTANT_AGENT_TOOLS } from "./assistant.ts";
import { toolContext, TOOLS_NOW } from "./context_testing.ts";
import type { AgentTool } from "./types.ts";

const tool = (name: string): AgentTool => {
  const found = ASSISTANT_AGENT_TOOLS.find((t) => t.name === name);
  assert.ok(found, `${name} is offered`);
  return found;
};

const todos = async (db: Awaited<ReturnType<typeof toolContext>>["db"], profile = "ann") =>
  (await listTodos(db.kysely, profile, { sort: "created", limit: 50, offset: 0 }, TOOLS_NOW))
    .todos;

Deno.test("assistant agent tools - the assistant's tools, same names, schemas and risks, without chat and briefing", () => {
  const names = ASSISTANT_AGENT_TOOLS.map((t) => t.name);
  const expected = ASSISTANT_TOOLS.list().map((t) => t.name)
    .filter((n) => n !== "chat" && n !== "daily_briefing");
  assert.deepEqual(names, expected);
  for (const name of ["create_todo", "query_events", "add_to_list", "search", "search_documents"]) {
    assert.ok(names.includes(name), name);
  }
  for (const agent of ASSISTANT_AGENT_TOOLS) {
    const original = ASSISTANT_TOOLS.get(agent.name)!;
    assert.equal(agent.input, original.input, `${agent.name}: the same schema`);
    assert.equal(agent.risk, original.risk);
    assert.equal(agent.description, original.description);
    assert.ok(!agent.workspace, "needs no workspace");
  }
});

Deno.test("assistant agent tools - a todo made by the agent is the profile's, on the agent reply, and undoable", async () => {
  await using t = await toolContext();
  const create = tool("create_todo");
  const args = create.input.parse({ title: "call mum", when: "tomorrow at 6" });
  const result = await create.run(t.ctx, args);
  const [todo] = await todos(t.db);
  assert.equal(todo.title, "call mum");
  assert.equal(todo.due, "2026-03-05T17:00:00.000Z", "18:00 in Berlin");
  assert.deepEqual(await todos(t.db, "bob"), []);
  assert.ok(result.card?.actionId, "the card carries the action");
  assert.equal(result.card.tool, "create_todo");
  assert.match(result.summary, /call mum/);
  assert.match(result.content, /call mum/);
  const action = await t.db.kysely.selectFrom("assistant_actions").selectAll()
    .where("id", "=", result.card.actionId).executeTakeFirstOrThrow();
  assert.equal(action.profile_id, "ann");
  assert.equal(action.message_id, t.ctx.messageId, "stored against the agent reply");

  const undone = await undoAction(
    { db: t.db, feeds: t.feeds, now: () => TOOLS_NOW },
    "ann",
    result.card.actionId,
  );
  assert.equal(undone.changed, true);
  assert.deepEqual(await todos(t.db), [], "undo removed it");
});

Deno.test("assistant agent tools - an ambiguous request is 422 needs_more with the question, and changes nothing", async () => {
  await using t = await toolContext();
  for (const title of ["water the plants", "water the garden"]) {
    await createTodo(t.db.kysely, "ann", { title }, TOOLS_NOW);
  }
  const complete = tool("complete_todo");
  const err = await complete.run(t.ctx, complete.input.parse({ match: "water" })).then(
    () => assert.fail("it should ask"),
    (e) => e,
  );
  assert.ok(err instanceof HttpError);
  assert.equal(err.status, 422);
  assert.equal(err.code, "needs_more");
  assert.match(err.message, /Which one do you mean\?/);
  assert.match(localizedMessage(err, "de"), /^Dafür brauche ich mehr: /);
  assert.deepEqual((await todos(t.db)).map((x) => x.status), ["open", "open"]);
});

Deno.test("assistant agent tools - a query tells the model the items it found", async () => {
  await using t = await toolContext();
  await createTodo(t.db.kysely, "ann", { title: "buy milk", due: "2026-03-04" }, TOOLS_NOW);
  await createTodo(t.db.kysely, "ann", { title: "fix the bike" }, TOOLS_NOW);
  const query = tool("query_todos");
  const result = await query.run(t.ctx, query.input.parse({}));
  assert.match(result.content, /^- buy milk · /m);
  assert.match(result.content, /^- fix the bike$/m);
  assert.equal(result.card?.actionId, undefined, "a query changes nothing");
  assert.equal(result.card?.items?.length, 2);
});

Deno.test("assistant agent tools - an aborted turn runs nothing", async () => {
  await using t = await toolContext();
  const stop = new AbortController();
  stop.abort();
  const create = tool("create_todo");
  await assert.rejects(
    create.run({ ...t.ctx, signal: stop.signal }, create.input.parse({ title: "call mum" })),
  );
  assert.deepEqual(await todos(t.db), []);
});

Deno.test("assistant agent tools - undo marks the card of the agent reply's step undone", async () => {
  await using t = await toolContext();
  const create = tool("create_todo");
  const result = await create.run(t.ctx, create.input.parse({ title: "call mum" }));
  const steps = [
    { id: "c1", step: 1, name: "query_todos", state: "done" },
    { id: "c2", step: 2, name: "create_todo", state: "done", card: result.card },
  ];
  // The agent's last action is also the reply's `meta.card`: both are marked.
  await updateMessage(t.db.kysely, "ann", t.ctx.messageId, {
    meta: { steps, card: result.card, model: "m" },
  });
  const undo = () =>
    undoAction({ db: t.db, feeds: t.feeds, now: () => TOOLS_NOW }, "ann", result.card!.actionId!);
  const undone = await undo();
  assert.equal(undone.card.undone, true);
  assert.equal(undone.card.summary, result.card!.summary, "the step's card, not a blank one");
  const saved = await getMessage(t.db.kysely, "ann", t.ctx.messageId);
  assert.deepEqual(saved.meta.steps, [steps[0], { ...steps[1], card: undone.card }]);
  assert.deepEqual(saved.meta.card, undone.card);
  assert.equal(saved.meta.model, "m", "the rest of the meta stays");
  assert.equal((await undo()).changed, false);
});
