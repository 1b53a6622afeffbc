/**
 * The todos API's shapes (browser-safe): a todo as the API sends it, a page of them, and the
 * limits the schemas enforce.
 */

export const TODO_STATUSES = ["open", "done"] as const;
export type TodoStatus = typeof TODO_STATUSES[number];

export const TODO_PRIORITIES = ["none", "low", "medium", "high"] as const;
export type TodoPriority = typeof TODO_PRIORITIES[number];

export const MAX_TITLE_CHARS = 500;
export const MAX_NOTES_CHARS = 20_000;
export const MAX_TAGS = 20;
export const MAX_TAG_CHARS = 40;
/** Open todos one profile may hold; creating one more is a 409. */
export const MAX_OPEN_TODOS = 10_000;
/** Most todos one page of `GET /api/todos` holds. */
export const MAX_PAGE = 200;

/** A todo as the API shows it. */
export interface Todo {
  id: string;
  /** The todo this is a sub-task of, or null. */
  parentId: string | null;
  title: string;
  /** Markdown. */
  notes: string;
  status: TodoStatus;
  priority: TodoPriority;
  /** UTC instant (ISO 8601); for an all-day due, the start of that day in `timeZone`. */
  due: string | null;
  dueAllDay: boolean;
  /** IANA zone the due and the recurrence are reckoned in. */
  timeZone: string;
  /** Lowercase, without "#". */
  tags: string[];
  /** RFC 5545 RRULE, or null. */
  recurrence: string | null;
  createdAt: string;
  updatedAt: string;
  /** Set by the server when the todo is done, cleared when it is reopened. */
  completedAt: string | null;
}

/** One page of `GET /api/todos`. */
export interface TodoPage {
  todos: Todo[];
  /** How many todos match the filters, over all pages. */
  total: number;
  /** The `offset` of the next page, or null on the last one. */
  nextOffset: number | null;
}

/** `POST /api/todos/{id}/complete`: the finished todo and, for a recurring one, the next. */
export interface Completed {
  todo: Todo;
  next: Todo | null;
}
