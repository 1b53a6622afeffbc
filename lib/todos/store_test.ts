import assert from "node:assert/strict";
import { createMember } from "../auth/mod.ts";
import { type Db, openDatabase } from "../db/mod.ts";
import { HttpError, ValidationError } from "../http/errors.ts";
import { parseWith } from "../http/validate.ts";
import { createTodoSchema, updateTodoSchema } from "./schemas.ts";
import {
  completeTodo,
  createTodo,
  deleteTodo,
  getTodo,
  listTodos,
  reopenTodo,
  updateTodo,
} from "./store.ts";
import { listTodosQuery } from "./schemas.ts";
import { MAX_OPEN_TODOS } from "./types.ts";

const T0 = Date.parse("2026-03-01T12:00:00Z");

async function withDb(fn: (db: Db, ann: string, bob: string) => Promise<void>) {
  const db = await openDatabase(":memory:");
  try {
    const ann = await createMember(db, { name: "Ann", avatar: "A" });
    const bob = await createMember(db, { name: "Bob", avatar: "B" });
    await fn(db, ann.id, bob.id);
  } finally {
    await db.close();
  }
}

const create = (db: Db, who: string, input: unknown, now = T0) =>
  createTodo(db.kysely, who, parseWith(createTodoSchema, input), now);

async function rejects(p: Promise<unknown>, status: number, code: string) {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof HttpError, String(err));
    assert.equal(`${err.status} ${err.code}`, `${status} ${code}`, err.message);
    return true;
  });
}

Deno.test("todos store - completedAt is set on completion and cleared on reopening, by the store", () =>
  withDb(async (db, ann) => {
    const todo = await create(db, ann, {
      title: "Call mum",
      tags: ["#Family", "family", " CALLS"],
    });
    assert.equal(todo.status, "open");
    assert.equal(todo.completedAt, null);
    assert.deepEqual(todo.tags, ["family", "calls"]);
    const done = await completeTodo(db.kysely, ann, todo.id, T0 + 1000);
    assert.equal(done.todo.completedAt, "2026-03-01T12:00:01.000Z");
    assert.equal(done.next, null, "not recurring: nothing next");
    // Completing again keeps the first completion.
    const again = await completeTodo(db.kysely, ann, todo.id, T0 + 5000);
    assert.equal(again.todo.completedAt, "2026-03-01T12:00:01.000Z");
    const open = await reopenTodo(db.kysely, ann, todo.id, T0 + 9000);
    assert.equal(open.status, "open");
    assert.equal(open.completedAt, null);
    // Through PATCH the same rules hold; a client cannot set completedAt itself.
    const patched = await updateTodo(
      db.kysely,
      ann,
      todo.id,
      parseWith(updateTodoSchema, { status: "done" }),
      T0 + 20_000,
    );
    assert.equal(patched.completedAt, "2026-03-01T12:00:20.000Z");
    assert.throws(
      () => parseWith(updateTodoSchema, { completedAt: "2026-01-01" }),
      ValidationError,
    );
    const created = await create(db, ann, { title: "Already done", status: "done" });
    assert.equal(created.completedAt, "2026-03-01T12:00:00.000Z");
  }));

Deno.test("todos store - completing a recurring todo adds the next occurrence in its zone, until COUNT ends it", () =>
  withDb(async (db, ann) => {
    const todo = await create(db, ann, {
      title: "Water the plants",
      due: "2026-03-28T09:00",
      timeZone: "Europe/Berlin",
      recurrence: "FREQ=DAILY;COUNT=3",
      tags: ["home"],
      priority: "high",
    });
    assert.equal(todo.due, "2026-03-28T08:00:00.000Z");
    const first = await completeTodo(db.kysely, ann, todo.id, T0);
    assert.equal(first.todo.status, "done");
    assert.ok(first.next);
    // Berlin is on summer time from March 29: 9:00 local is 07:00 UTC.
    assert.equal(first.next.due, "2026-03-29T07:00:00.000Z");
    assert.deepEqual(
      [first.next.title, first.next.priority, first.next.tags, first.next.status],
      ["Water the plants", "high", ["home"], "open"],
    );
    const second = await completeTodo(db.kysely, ann, first.next.id, T0);
    assert.equal(second.next?.due, "2026-03-30T07:00:00.000Z");
    const third = await completeTodo(db.kysely, ann, second.next!.id, T0);
    assert.equal(third.next, null, "COUNT=3: the series has ended");
    const all = await listTodos(db.kysely, ann, parseWith(listTodosQuery, {}), T0);
    assert.equal(all.total, 3);
    assert.ok(all.todos.every((t) => t.completedAt !== null));
  }));

Deno.test("todos store - an all-day recurring todo stays on whole days; overdue once its day has ended", () =>
  withDb(async (db, ann) => {
    const todo = await create(db, ann, {
      title: "Bins out",
      due: "2026-03-06",
      timeZone: "America/New_York",
      recurrence: "FREQ=WEEKLY",
    });
    assert.equal(todo.dueAllDay, true);
    assert.equal(todo.due, "2026-03-06T05:00:00.000Z");
    const { next } = await completeTodo(db.kysely, ann, todo.id, T0);
    assert.equal(next?.due, "2026-03-13T04:00:00.000Z", "midnight EDT after the change");
    assert.equal(next?.dueAllDay, true);
    const overdue = (now: number) =>
      listTodos(db.kysely, ann, parseWith(listTodosQuery, { overdue: "true" }), now);
    // During March 13 in New York it is due, not overdue; once the day ends it is.
    assert.equal((await overdue(Date.parse("2026-03-14T03:59:00Z"))).total, 0);
    assert.equal((await overdue(Date.parse("2026-03-14T04:00:00Z"))).total, 1);
  }));

Deno.test("todos store - sub-tasks: one level, the same profile's parent, deleted with it", () =>
  withDb(async (db, ann, bob) => {
    const parent = await create(db, ann, { title: "Move house" });
    const child = await create(db, ann, { title: "Pack books", parentId: parent.id });
    assert.equal(child.parentId, parent.id);
    await rejects(
      create(db, ann, { title: "Too deep", parentId: child.id }),
      422,
      "parent_is_subtask",
    );
    await rejects(
      create(db, bob, { title: "Not hers", parentId: parent.id }),
      404,
      "parent_not_found",
    );
    await rejects(
      updateTodo(db.kysely, ann, parent.id, parseWith(updateTodoSchema, { parentId: parent.id })),
      422,
      "parent_is_subtask",
    );
    const other = await create(db, ann, { title: "Other" });
    await rejects(
      updateTodo(db.kysely, ann, parent.id, parseWith(updateTodoSchema, { parentId: other.id })),
      422,
      "todo_has_subtasks",
    );
    await deleteTodo(db.kysely, ann, parent.id);
    await rejects(getTodo(db.kysely, ann, child.id), 404, "todo_not_found");
    await rejects(getTodo(db.kysely, bob, other.id), 404, "todo_not_found");
  }));

Deno.test("todos store - a recurring todo needs a due, when created and after every change", () =>
  withDb(async (db, ann) => {
    await rejects(
      create(db, ann, { title: "Someday", recurrence: "FREQ=WEEKLY" }),
      422,
      "recurrence_needs_due",
    );
    const todo = await create(db, ann, {
      title: "Weekly",
      due: "2026-03-02T09:00:00Z",
      recurrence: "FREQ=WEEKLY",
    });
    await rejects(
      updateTodo(db.kysely, ann, todo.id, parseWith(updateTodoSchema, { due: null })),
      422,
      "recurrence_needs_due",
    );
    const cleared = await updateTodo(
      db.kysely,
      ann,
      todo.id,
      parseWith(updateTodoSchema, { due: null, recurrence: null }),
    );
    assert.equal(cleared.recurrence, null);
  }));

Deno.test("todos store - a profile holds at most 10,000 open todos", () =>
  withDb(async (db, ann, bob) => {
    const at = new Date(T0).toISOString();
    const rows = Array.from({ length: MAX_OPEN_TODOS }, (_, i) => ({
      id: `t${i}`,
      profile_id: ann,
      title: `Todo ${i}`,
      notes: "",
      tags: "[]",
      due_all_day: 0,
      status: "open" as const,
      priority: "none" as const,
      time_zone: "UTC",
      created_at: at,
      updated_at: at,
    }));
    for (let i = 0; i < rows.length; i += 1000) {
      await db.kysely.insertInto("todos").values(rows.slice(i, i + 1000)).execute();
    }
    await rejects(create(db, ann, { title: "One more" }), 409, "too_many_open_todos");
    // Done ones do not count, and other profiles have their own budget.
    await create(db, ann, { title: "Done already", status: "done" });
    await create(db, bob, { title: "Bob's" });
    await completeTodo(db.kysely, ann, "t0", T0);
    const added = await create(db, ann, { title: "Now it fits" });
    await rejects(reopenTodo(db.kysely, ann, "t0", T0), 409, "too_many_open_todos");
    assert.equal(added.status, "open");
  }));

Deno.test("todos store - two completions of one recurring todo at once add one next occurrence", () =>
  withDb(async (db, ann) => {
    const todo = await create(db, ann, {
      title: "Feed the cat",
      due: "2026-03-01T07:00:00Z",
      recurrence: "FREQ=DAILY",
    });
    const [a, b] = await Promise.all([
      completeTodo(db.kysely, ann, todo.id, T0),
      completeTodo(db.kysely, ann, todo.id, T0 + 1),
    ]);
    assert.equal([a.next, b.next].filter(Boolean).length, 1);
    const open = await listTodos(db.kysely, ann, parseWith(listTodosQuery, { status: "open" }), T0);
    assert.deepEqual(open.todos.map((t) => t.due), ["2026-03-02T07:00:00.000Z"]);
  }));

Deno.test("todos store - a page sorted by due reads its rows in index order, never sorting them all", () =>
  withDb(async (db, ann) => {
    const seen: string[] = [];
    const prepare = db.raw.prepare.bind(db.raw);
    db.raw.prepare = (sql: string) => (seen.push(sql), prepare(sql));
    for (const status of [undefined, "open"] as const) {
      seen.length = 0;
      await listTodos(
        db.kysely,
        ann,
        parseWith(listTodosQuery, status ? { status } : {}),
        T0,
      );
      const page = seen.find((sql) => /order by/i.test(sql));
      assert.ok(page, "the page's query");
      const params = status ? [ann, status] : [ann];
      const plan = prepare(`EXPLAIN QUERY PLAN ${page}`).all(...params, 51, 0)
        .map((r) => String(r.detail)).join(" | ");
      assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
    }
  }));
