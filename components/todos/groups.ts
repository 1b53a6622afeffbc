/**
 * The Todos page's arithmetic, the same on the server and in the island (browser-safe, `Intl`
 * only): which group an open todo falls in (Overdue, Today, Upcoming, No date) in the profile's
 * zone, sub-tasks under their parent, and a due as the reader says it.
 */
import type { Todo } from "../../lib/todos/types.ts";

export const TODO_GROUPS = ["overdue", "today", "upcoming", "none"] as const;
export type TodoGroup = typeof TODO_GROUPS[number];

/** A top-level todo with its sub-tasks (in due order). */
export interface TodoTree {
  todo: Todo;
  children: Todo[];
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of the instant `ms` in `timeZone`. */
export function dayOf(ms: number, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormats.set(timeZone, f);
  }
  return f.format(ms);
}

/**
 * The group of an open todo at `now`, days reckoned in `timeZone` (the profile's): an all-day
 * todo is overdue once its day has ended, a timed one once its time has passed.
 */
export function groupOf(todo: Todo, now: number, timeZone: string): TodoGroup {
  if (!todo.due) return "none";
  const at = Date.parse(todo.due);
  // An all-day due is a day in the todo's own zone; a timed one falls on a day of the reader's.
  const day = dayOf(at, todo.dueAllDay ? todo.timeZone : timeZone);
  const today = dayOf(now, timeZone);
  if (todo.dueAllDay ? day < today : at <= now) return "overdue";
  return day === today ? "today" : "upcoming";
}

const byDue = (a: Todo, b: Todo) =>
  (a.due ?? "\uffff").localeCompare(b.due ?? "\uffff") || a.createdAt.localeCompare(b.createdAt);

/**
 * Open todos in their groups, each top-level one with its open sub-tasks; a sub-task whose
 * parent is not among them stands on its own.
 */
export function groupTodos(
  todos: Todo[],
  now: number,
  timeZone: string,
): Record<TodoGroup, TodoTree[]> {
  const ids = new Set(todos.map((t) => t.id));
  const children = new Map<string, Todo[]>();
  for (const t of todos) {
    if (t.parentId && ids.has(t.parentId)) {
      children.set(t.parentId, [...children.get(t.parentId) ?? [], t]);
    }
  }
  const groups: Record<TodoGroup, TodoTree[]> = { overdue: [], today: [], upcoming: [], none: [] };
  for (const t of [...todos].sort(byDue)) {
    if (t.parentId && ids.has(t.parentId)) continue;
    groups[groupOf(t, now, timeZone)].push({
      todo: t,
      children: (children.get(t.id) ?? []).sort(byDue),
    });
  }
  return groups;
}

/**
 * A due as the reader says it, in `timeZone`: "Tue 4 Dec, 09:00", or the day alone for an
 * all-day one (read in the todo's own zone, where its day is).
 */
export function formatDue(todo: Todo, locale: string, timeZone: string): string {
  if (!todo.due) return "";
  const at = Date.parse(todo.due);
  const day: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short" };
  if (todo.dueAllDay) {
    return new Intl.DateTimeFormat(locale, { ...day, timeZone: todo.timeZone }).format(at);
  }
  return new Intl.DateTimeFormat(locale, {
    ...day,
    hour: "numeric",
    minute: "2-digit",
    timeZone,
  }).format(at);
}
