/**
 * Todos in the database, each profile's through `owned()`. The store, not the client, keeps the
 * rules: `completedAt` follows the status, a sub-task's parent is a top-level todo of the same
 * profile, a recurring todo has a due, and completing one adds its next occurrence in the same
 * transaction (`lib/todos/recurrence.ts`).
 */
import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from "kysely";
import type { Database, TodosTable } from "../db/schema.ts";
import { newId } from "../db/ids.ts";
import { owned } from "../db/owned.ts";
import { HttpError, ValidationError } from "../http/errors.ts";
import { nextOccurrence } from "./recurrence.ts";
import type { CreateTodo, ListTodosQuery, UpdateTodo } from "./schemas.ts";
import { fromZoned, zonedParts } from "../dates/zones.ts";
import { MAX_MS, MIN_MS, nextDay, parseDateTime, type WallTime } from "./time.ts";
import { type Completed, MAX_OPEN_TODOS, type Todo, type TodoPage } from "./types.ts";

type Db = Kysely<Database> | Transaction<Database>;
type Row = TodosTable;

function todoNotFound(id: string): HttpError {
  return new HttpError(404, "todo_not_found", `There is no todo with the id ${id}.`, {}, { id });
}

const mineOf = (db: Db, profileId: string) => owned(db, profileId, { todos: todoNotFound });

const iso = (ms: number) => new Date(ms).toISOString();

/** The row as the API shows it. */
export function toTodo(row: Row): Todo {
  return {
    id: row.id,
    parentId: row.parent_id,
    title: row.title,
    notes: row.notes,
    status: row.status,
    priority: row.priority,
    due: row.due,
    dueAllDay: row.due_all_day === 1,
    timeZone: row.time_zone,
    tags: JSON.parse(row.tags),
    recurrence: row.recurrence,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
  };
}

/** A due's columns: the instant, whether it is a whole day, and when it becomes overdue. */
interface DueColumns {
  due: string | null;
  due_all_day: number;
  overdue_at: string | null;
}

const NO_DUE: DueColumns = { due: null, due_all_day: 0, overdue_at: null };

/** An all-day due on the day `day` shows in `zone`: that day's start and end there. */
function allDay(wall: WallTime, zone: string): DueColumns {
  const start = {
    year: wall.year,
    month: wall.month,
    day: wall.day,
    hour: 0,
    minute: 0,
    second: 0,
  };
  return {
    due: iso(fromZoned(start, zone).getTime()),
    due_all_day: 1,
    overdue_at: iso(fromZoned(nextDay(start), zone).getTime()),
  };
}

/** The due `text` (already checked to exist) means in `zone`. */
function resolveDue(text: string, zone: string): DueColumns {
  const parsed = parseDateTime(text);
  if (!parsed) {
    throw new ValidationError("due", "due: must lie between 1970 and 9999", "invalid_due");
  }
  if (parsed.kind === "date") return allDay(parsed.wall, zone);
  const ms = parsed.kind === "instant" ? parsed.ms : fromZoned(parsed.wall, zone).getTime();
  if (ms < MIN_MS || ms > MAX_MS) {
    throw new ValidationError("due", "due: must lie between 1970 and 9999", "invalid_due");
  }
  return { due: iso(ms), due_all_day: 0, overdue_at: iso(ms) };
}

async function checkOpenLimit(db: Db, profileId: string): Promise<void> {
  const { n } = await mineOf(db, profileId).selectFrom("todos")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "open").executeTakeFirstOrThrow();
  if (Number(n) >= MAX_OPEN_TODOS) {
    throw new HttpError(
      409,
      "too_many_open_todos",
      `You have ${MAX_OPEN_TODOS} open todos, the most Hearth keeps. Complete or delete some first.`,
      {},
      { max: MAX_OPEN_TODOS },
    );
  }
}

/** The parent `parentId` names for todo `id` (undefined for a new one): a top-level todo of hers. */
async function checkParent(db: Db, profileId: string, parentId: string, id?: string) {
  const mine = mineOf(db, profileId);
  const parent = await mine.selectFrom("todos").select(["id", "parent_id"])
    .where("id", "=", parentId).executeTakeFirst();
  if (!parent) {
    throw new HttpError(
      404,
      "parent_not_found",
      `There is no todo with the id ${parentId} to hold this sub-task.`,
      {},
      { id: parentId },
    );
  }
  if (parent.id === id || parent.parent_id !== null) {
    throw new ValidationError(
      "parentId",
      "parentId: a sub-task's parent must be another top-level todo",
      "parent_is_subtask",
    );
  }
  if (id) {
    const child = await mine.selectFrom("todos").select("id").where("parent_id", "=", id)
      .limit(1).executeTakeFirst();
    if (child) {
      throw new ValidationError(
        "parentId",
        "parentId: a todo with sub-tasks cannot become a sub-task",
        "todo_has_subtasks",
      );
    }
  }
}

function needsDue(): ValidationError {
  return new ValidationError(
    "recurrence",
    "recurrence: a recurring todo needs a due",
    "recurrence_needs_due",
  );
}

/** Creates a todo for `profileId`. */
export async function createTodo(
  kysely: Kysely<Database>,
  profileId: string,
  input: CreateTodo,
  now = Date.now(),
): Promise<Todo> {
  return await kysely.transaction().execute(async (tx) => {
    const status = input.status ?? "open";
    if (status === "open") await checkOpenLimit(tx, profileId);
    if (input.parentId) await checkParent(tx, profileId, input.parentId);
    const zone = input.timeZone ?? "UTC";
    const due = input.due ? resolveDue(input.due, zone) : NO_DUE;
    const recurrence = input.recurrence ?? null;
    if (recurrence && !due.due) throw needsDue();
    const at = iso(now);
    const row: Row = {
      id: newId(),
      profile_id: profileId,
      parent_id: input.parentId ?? null,
      title: input.title,
      notes: input.notes ?? "",
      status,
      priority: input.priority ?? "none",
      ...due,
      time_zone: zone,
      tags: JSON.stringify(input.tags ?? []),
      recurrence,
      recurrence_start: recurrence ? due.due : null,
      created_at: at,
      updated_at: at,
      completed_at: status === "done" ? at : null,
    };
    const { profile_id: _, ...values } = row;
    await mineOf(tx, profileId).insertInto("todos", values).execute();
    return toTodo(row);
  });
}

/** One of the profile's todos (404 `todo_not_found` otherwise). */
export async function getTodo(
  kysely: Kysely<Database>,
  profileId: string,
  id: string,
): Promise<Todo> {
  return toTodo(await mineOf(kysely, profileId).get("todos", id));
}

/** The next occurrence of a recurring row that is being completed, as a new open row. */
function nextRow(row: Row, at: string): Row | null {
  if (!row.recurrence || !row.due || !row.recurrence_start) return null;
  const next = nextOccurrence(
    row.recurrence,
    Date.parse(row.recurrence_start),
    Date.parse(row.due),
    row.time_zone,
  );
  if (next === null) return null;
  const due = row.due_all_day
    ? allDay(zonedParts(next, row.time_zone), row.time_zone)
    : { due: iso(next), due_all_day: 0, overdue_at: iso(next) };
  return {
    ...row,
    ...due,
    id: newId(),
    status: "open",
    created_at: at,
    updated_at: at,
    completed_at: null,
  };
}

/** Marks `row` done in `tx`; a recurring one gets its next occurrence. */
async function complete(tx: Db, profileId: string, row: Row, at: string): Promise<Row | null> {
  const mine = mineOf(tx, profileId);
  await mine.update("todos", row.id, { status: "done", completed_at: at, updated_at: at });
  const next = nextRow(row, at);
  if (next) {
    const { profile_id: _, ...values } = next;
    await mine.insertInto("todos", values).execute();
  }
  return next;
}

/** Changes a todo; a change of `status` completes or reopens it as the routes for those do. */
export async function updateTodo(
  kysely: Kysely<Database>,
  profileId: string,
  id: string,
  patch: UpdateTodo,
  now = Date.now(),
): Promise<Todo> {
  return await kysely.transaction().execute(async (tx) => {
    const mine = mineOf(tx, profileId);
    const row = await mine.get("todos", id);
    const at = iso(now);
    const zone = patch.timeZone ?? row.time_zone;
    let due: DueColumns = row;
    if (patch.due !== undefined) due = patch.due === null ? NO_DUE : resolveDue(patch.due, zone);
    else if (row.due && row.due_all_day && zone !== row.time_zone) {
      // An all-day due stays on its day in the new zone.
      due = allDay(zonedParts(Date.parse(row.due), row.time_zone), zone);
    }
    if (patch.parentId) await checkParent(tx, profileId, patch.parentId, id);
    const recurrence = patch.recurrence !== undefined ? patch.recurrence : row.recurrence;
    if (recurrence && !due.due) throw needsDue();
    // A new rule or a moved due starts a new series (COUNT counts from there).
    const restart = patch.recurrence !== undefined || due.due !== row.due ||
      zone !== row.time_zone;
    const change = {
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.notes !== undefined && { notes: patch.notes }),
      ...(patch.priority !== undefined && { priority: patch.priority }),
      ...(patch.tags !== undefined && { tags: JSON.stringify(patch.tags) }),
      ...(patch.parentId !== undefined && { parent_id: patch.parentId }),
      due: due.due,
      due_all_day: due.due_all_day,
      overdue_at: due.overdue_at,
      time_zone: zone,
      recurrence,
      recurrence_start: recurrence ? (restart ? due.due : row.recurrence_start) : null,
      updated_at: at,
    };
    await mine.update("todos", id, change);
    const changed = await mine.get("todos", id);
    if (patch.status === "done" && row.status === "open") {
      await complete(tx, profileId, changed, at);
    } else if (patch.status === "open" && row.status === "done") {
      await checkOpenLimit(tx, profileId);
      await mine.update("todos", id, { status: "open", completed_at: null });
    }
    return toTodo(await mine.get("todos", id));
  });
}

/** Deletes a todo and its sub-tasks. */
export async function deleteTodo(
  kysely: Kysely<Database>,
  profileId: string,
  id: string,
): Promise<void> {
  await mineOf(kysely, profileId).delete("todos", id);
}

/**
 * Completes a todo: `completedAt` is now, and a recurring todo's next occurrence is added in the
 * same transaction (none once COUNT or UNTIL ends the series). Completing a done todo changes
 * nothing.
 */
export async function completeTodo(
  kysely: Kysely<Database>,
  profileId: string,
  id: string,
  now = Date.now(),
): Promise<Completed> {
  return await kysely.transaction().execute(async (tx) => {
    const mine = mineOf(tx, profileId);
    const row = await mine.get("todos", id);
    if (row.status === "done") return { todo: toTodo(row), next: null };
    const next = await complete(tx, profileId, row, iso(now));
    return { todo: toTodo(await mine.get("todos", id)), next: next && toTodo(next) };
  });
}

/** Reopens a todo: `completedAt` is cleared. Reopening an open todo changes nothing. */
export async function reopenTodo(
  kysely: Kysely<Database>,
  profileId: string,
  id: string,
  now = Date.now(),
): Promise<Todo> {
  return await kysely.transaction().execute(async (tx) => {
    const mine = mineOf(tx, profileId);
    const row = await mine.get("todos", id);
    if (row.status === "open") return toTodo(row);
    await checkOpenLimit(tx, profileId);
    await mine.update("todos", id, { status: "open", completed_at: null, updated_at: iso(now) });
    return toTodo(await mine.get("todos", id));
  });
}

const PRIORITY_RANK = sql<number>`CASE todos.priority WHEN 'high' THEN 3 WHEN 'medium' THEN 2
  WHEN 'low' THEN 1 ELSE 0 END`;

// deno-lint-ignore ban-types
type Query<O = {}> = SelectQueryBuilder<Database, "todos", O>;

function filtered<O>(query: Query<O>, q: ListTodosQuery, now: number): Query<O> {
  if (q.status) query = query.where("todos.status", "=", q.status);
  if (q.tag) {
    query = query.where(
      sql<boolean>`EXISTS (SELECT 1 FROM json_each(todos.tags) WHERE value = ${q.tag})`,
    );
  }
  const instant = (text: string) => iso((parseDateTime(text) as { ms: number }).ms);
  if (q.dueAfter) query = query.where("todos.due", ">=", instant(q.dueAfter));
  if (q.dueBefore) query = query.where("todos.due", "<", instant(q.dueBefore));
  if (q.parent === "none") query = query.where("todos.parent_id", "is", null);
  else if (q.parent) query = query.where("todos.parent_id", "=", q.parent);
  if (q.q) {
    query = query.where(sql<boolean>`instr(lower(todos.title), ${q.q.toLowerCase()}) > 0`);
  }
  if (q.overdue !== undefined) {
    const overdue = sql<boolean>`(todos.status = 'open' AND todos.overdue_at <= ${iso(now)})`;
    query = query.where(q.overdue ? overdue : sql<boolean>`NOT ${overdue} IS TRUE`);
  }
  return query;
}

/**
 * A page of the profile's todos, filtered and sorted (`listTodosQuery`). Todos without a due
 * come last when sorting by due, either way; ties go by id (creation order).
 */
export async function listTodos(
  kysely: Kysely<Database>,
  profileId: string,
  q: ListTodosQuery,
  now = Date.now(),
): Promise<TodoPage> {
  const mine = mineOf(kysely, profileId);
  const dir = q.dir ?? (q.sort === "due" || q.sort === "title" ? "asc" : "desc");
  let query = filtered(mine.selectFrom("todos").selectAll("todos"), q, now);
  if (q.sort === "due") {
    query = query.orderBy(sql`todos.due IS NULL`).orderBy("todos.due", dir);
  } else if (q.sort === "priority") {
    query = query.orderBy(PRIORITY_RANK, dir).orderBy(sql`todos.due IS NULL`)
      .orderBy("todos.due", "asc");
  } else if (q.sort === "title") {
    query = query.orderBy(sql`todos.title COLLATE NOCASE`, dir);
  } else {
    query = query.orderBy("todos.created_at", dir);
  }
  const rows = await query.orderBy("todos.id", dir).limit(q.limit + 1).offset(q.offset)
    .execute();
  const { n } = await filtered(
    mine.selectFrom("todos").select((eb) => eb.fn.countAll<number>().as("n")),
    q,
    now,
  ).executeTakeFirstOrThrow();
  const more = rows.length > q.limit;
  return {
    todos: rows.slice(0, q.limit).map((row) => toTodo(row as Row)),
    total: Number(n),
    nextOffset: more ? q.offset + q.limit : null,
  };
}
