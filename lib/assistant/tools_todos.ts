/**
 * Todo tools: create, query, update, complete, delete. The model gives the person's words (a
 * title, "tomorrow at 6"); Hearth resolves the date and checks the result with the REST API's
 * own schemas (`createTodoSchema`, `updateTodoSchema`) before the store sees it.
 */
import { z } from "zod";
import { parseWith } from "../http/validate.ts";
import { links } from "../links.ts";
import { createTodoSchema, updateTodoSchema } from "../todos/schemas.ts";
import {
  completeTodo,
  createTodo,
  deleteTodo,
  getTodo,
  listTodos,
  reopenTodo,
  updateTodo,
} from "../todos/store.ts";
import type { Todo } from "../todos/types.ts";
import {
  type AssistantContext,
  type AssistantTool,
  assistantTool,
  findByWords,
  localDate,
  pickOne,
  recordAction,
  showWhen,
  type ToolOutcome,
  wallText,
  whenOf,
} from "./context.ts";
import type { ActionCard } from "./types.ts";

const when = z.string().max(200).optional().describe(
  "When it is due, in the user's own words, exactly as said (e.g. 'tomorrow at 6', " +
    "'next Friday'). Never compute a date yourself.",
);
const match = z.string().min(1).max(200).describe("Words of the todo's title, as the user said");
const priority = z.enum(["none", "low", "medium", "high"]).optional();

/** Where a todo opens. */

function line(ctx: AssistantContext, todo: Todo): string {
  return todo.due ? `${todo.title} · ${showWhen(ctx, todo.due, todo.dueAllDay)}` : todo.title;
}

function card(ctx: AssistantContext, tool: string, title: string, todo: Todo, id?: string) {
  return {
    ...(id && { actionId: id }),
    tool,
    kind: "todo",
    title: ctx.t(title),
    summary: line(ctx, todo),
    href: links.todo(todo.id),
    edit: ctx.t("assistant.edit.todo", { title: todo.title }),
  } satisfies ActionCard;
}

/** The due a tool's `when` gives: a wall time in the profile's zone, or a day. */
async function dueOf(
  ctx: AssistantContext,
  text: string | undefined,
): Promise<string | null | undefined> {
  if (text === undefined || !text.trim()) return undefined;
  const w = await whenOf(ctx, text);
  if (!w) return null;
  return w.allDay ? w.date : wallText(w.start, ctx.timeZone);
}

/** Open todos whose title holds `match` (the first 20). */
async function find(ctx: AssistantContext, words: string, status?: "open" | "done") {
  const page = await listTodos(ctx.db.kysely, ctx.profileId, {
    q: words.trim(),
    ...(status && { status }),
    sort: "due",
    limit: 20,
    offset: 0,
  }, ctx.now.getTime());
  return page.todos;
}

async function one(ctx: AssistantContext, words: string, status?: "open" | "done") {
  const found = await findByWords(words, (w) => find(ctx, w, status));
  return pickOne(ctx, found, words, (t) => line(ctx, t), (t) => t.title);
}

/** A todo as `createTodoSchema` takes it, to bring a deleted one back. */
export function todoInput(todo: Todo, parentId?: string) {
  return {
    title: todo.title,
    notes: todo.notes,
    status: todo.status,
    priority: todo.priority,
    due: todo.due && (todo.dueAllDay ? localDate(todo.due, todo.timeZone) : todo.due),
    timeZone: todo.timeZone,
    tags: todo.tags,
    ...(parentId && { parentId }),
    recurrence: todo.recurrence,
  };
}

const createTodoTool = assistantTool({
  name: "create_todo",
  description: "Add a todo or a reminder ('remind me to…', 'I need to…', 'add … to my todos').",
  risk: "write",
  input: z.object({
    title: z.string().min(1).max(500).describe("What to do, without the date words"),
    when,
    notes: z.string().max(20_000).optional(),
    priority,
    tags: z.array(z.string().max(40)).max(20).optional(),
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    const due = await dueOf(ctx, args.when);
    if (due === null) {
      return { type: "ask", text: ctx.t("assistant.ask.when", { when: args.when! }) };
    }
    const input = parseWith(createTodoSchema, {
      title: args.title,
      ...(args.notes && { notes: args.notes }),
      ...(args.priority && { priority: args.priority }),
      ...(args.tags?.length && { tags: args.tags }),
      ...(due && { due }),
      timeZone: ctx.timeZone,
    });
    const todo = await createTodo(ctx.db.kysely, ctx.profileId, input, ctx.now.getTime());
    const id = await recordAction(ctx, {
      tool: "create_todo",
      target: { kind: "todo", id: todo.id },
      after: todo,
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.createTodo", { summary: line(ctx, todo) }),
      card: card(ctx, "create_todo", "assistant.card.todoAdded", todo, id),
    };
  },
});

const queryTodos = assistantTool({
  name: "query_todos",
  description: "List todos: what is due, overdue or open, optionally about something or on a day.",
  risk: "read",
  input: z.object({
    text: z.string().max(200).optional().describe("Words the todos' titles contain"),
    when: z.string().max(200).optional().describe("A day in the user's words ('today')"),
    done: z.boolean().optional().describe("true for finished todos"),
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    const day = await whenOf(ctx, args.when);
    const from = day && new Date(`${day.date}T00:00:00Z`);
    const range = day
      ? {
        // The local day, read wide enough for any zone and then filtered exactly.
        dueAfter: new Date(from!.getTime() - 14 * 3600_000).toISOString(),
        dueBefore: new Date(from!.getTime() + 38 * 3600_000).toISOString(),
      }
      : {};
    const page = await listTodos(ctx.db.kysely, ctx.profileId, {
      ...(args.text?.trim() && { q: args.text.trim() }),
      status: args.done ? "done" : "open",
      ...range,
      sort: "due",
      limit: 50,
      offset: 0,
    }, ctx.now.getTime());
    const todos = page.todos.filter((t) =>
      !day || (t.due && localDate(t.due, t.dueAllDay ? t.timeZone : ctx.timeZone) === day.date)
    ).slice(0, 20);
    const items = todos.map((t) => ({
      title: t.title,
      ...(t.due && { detail: showWhen(ctx, t.due, t.dueAllDay) }),
      href: links.todo(t.id),
    }));
    return {
      type: "done",
      text: items.length
        ? ctx.t("assistant.done.found", { n: items.length })
        : ctx.t("assistant.done.foundNone"),
      card: {
        tool: "query_todos",
        kind: "todo",
        title: ctx.t("assistant.card.todos"),
        summary: ctx.t("assistant.card.count", { n: items.length }),
        href: "/todos",
        items,
      },
    };
  },
});

const updateTodoTool = assistantTool({
  name: "update_todo",
  description: "Change a todo: rename it, move its due date, change notes or priority.",
  risk: "write",
  input: z.object({
    match,
    title: z.string().min(1).max(500).optional().describe("The new title"),
    when: z.string().max(200).optional().describe(
      "The new due in the user's words ('Friday at 3pm'); never compute a date",
    ),
    notes: z.string().max(20_000).optional(),
    priority,
  }),
  async run(ctx, args): Promise<ToolOutcome> {
    const picked = await one(ctx, args.match);
    if ("ask" in picked) return { type: "ask", text: picked.ask };
    const due = await dueOf(ctx, args.when);
    if (due === null) {
      return { type: "ask", text: ctx.t("assistant.ask.when", { when: args.when! }) };
    }
    const change: Record<string, unknown> = {
      ...(args.title && { title: args.title }),
      ...(args.notes !== undefined && { notes: args.notes }),
      ...(args.priority && { priority: args.priority }),
      ...(due && { due, timeZone: ctx.timeZone }),
    };
    if (!Object.keys(change).length) {
      return { type: "ask", text: ctx.t("assistant.ask.change", { title: picked.item.title }) };
    }
    const patch = parseWith(updateTodoSchema, change);
    const before = picked.item;
    const todo = await updateTodo(
      ctx.db.kysely,
      ctx.profileId,
      before.id,
      patch,
      ctx.now.getTime(),
    );
    const id = await recordAction(ctx, {
      tool: "update_todo",
      target: { kind: "todo", id: todo.id },
      before,
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.updateTodo", { summary: line(ctx, todo) }),
      card: card(ctx, "update_todo", "assistant.card.todoChanged", todo, id),
    };
  },
});

const completeTodoTool = assistantTool({
  name: "complete_todo",
  description: "Mark a todo as done ('I called mum', 'tick off the milk').",
  risk: "write",
  input: z.object({ match }),
  async run(ctx, args): Promise<ToolOutcome> {
    const picked = await one(ctx, args.match, "open");
    if ("ask" in picked) return { type: "ask", text: picked.ask };
    const done = await completeTodo(
      ctx.db.kysely,
      ctx.profileId,
      picked.item.id,
      ctx.now.getTime(),
    );
    const id = await recordAction(ctx, {
      tool: "complete_todo",
      target: { kind: "todo", id: done.todo.id },
      before: picked.item,
      after: { next: done.next?.id ?? null },
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.completeTodo", { title: done.todo.title }),
      card: card(ctx, "complete_todo", "assistant.card.todoDone", done.todo, id),
    };
  },
});

const deleteTodoTool = assistantTool({
  name: "delete_todo",
  description: "Delete a todo.",
  risk: "write",
  input: z.object({ match }),
  async run(ctx, args): Promise<ToolOutcome> {
    const picked = await one(ctx, args.match);
    if ("ask" in picked) return { type: "ask", text: picked.ask };
    const todo = picked.item;
    const subtasks = (await listTodos(ctx.db.kysely, ctx.profileId, {
      parent: todo.id,
      sort: "created",
      limit: 200,
      offset: 0,
    })).todos;
    await deleteTodo(ctx.db.kysely, ctx.profileId, todo.id);
    const id = await recordAction(ctx, {
      tool: "delete_todo",
      target: { kind: "todo", id: todo.id },
      before: { todo, subtasks },
    });
    return {
      type: "done",
      text: ctx.t("assistant.done.deleteTodo", { title: todo.title }),
      card: { ...card(ctx, "delete_todo", "assistant.card.todoDeleted", todo, id), href: "/todos" },
    };
  },
});

/** The todo tools. */
export const TODO_TOOLS: AssistantTool[] = [
  createTodoTool,
  queryTodos,
  updateTodoTool,
  completeTodoTool,
  deleteTodoTool,
];

/** Undoes a todo action; answers the card's new `href` when the todo came back with a new id. */
export async function undoTodo(
  ctx: Pick<AssistantContext, "db" | "profileId">,
  tool: string,
  target: { id: string },
  before: unknown,
  after: unknown,
): Promise<string | undefined> {
  const db = ctx.db.kysely;
  const gone = (err: unknown) => {
    if ((err as { status?: number }).status !== 404) throw err;
  };
  if (tool === "create_todo") {
    await deleteTodo(db, ctx.profileId, target.id).catch(gone);
  } else if (tool === "update_todo") {
    const old = before as Todo;
    const input = todoInput(old);
    await updateTodo(db, ctx.profileId, target.id, {
      title: input.title,
      notes: input.notes,
      priority: input.priority,
      due: input.due,
      timeZone: input.timeZone,
      tags: input.tags,
      recurrence: input.recurrence,
    });
  } else if (tool === "complete_todo") {
    const next = (after as { next: string | null }).next;
    if (next) await deleteTodo(db, ctx.profileId, next).catch(gone);
    await reopenTodo(db, ctx.profileId, target.id);
  } else if (tool === "delete_todo") {
    const { todo, subtasks } = before as { todo: Todo; subtasks: Todo[] };
    // Still there (deleted by another way since? then it is gone; here: it was restored).
    const exists = await getTodo(db, ctx.profileId, todo.id).then(() => true, () => false);
    if (exists) return links.todo(todo.id);
    const back = await createTodo(db, ctx.profileId, parseWith(createTodoSchema, todoInput(todo)));
    for (const sub of subtasks) {
      await createTodo(db, ctx.profileId, parseWith(createTodoSchema, todoInput(sub, back.id)));
    }
    return links.todo(back.id);
  }
  return undefined;
}
