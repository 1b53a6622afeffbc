/**
 * What the todos API accepts, in one place so REST and (later) the assistant's tool calls check
 * the same limits. Dates are checked for existing here and resolved against the todo's zone in
 * the store.
 */
import { z } from "zod";
import { checkRule } from "./recurrence.ts";
import { timeZoneSchema } from "../dates/zones.ts";
import { parseDateTime } from "./time.ts";
import {
  MAX_NOTES_CHARS,
  MAX_PAGE,
  MAX_TAG_CHARS,
  MAX_TAGS,
  MAX_TITLE_CHARS,
  TODO_PRIORITIES,
  TODO_STATUSES,
} from "./types.ts";

/** The schemas' own messages (each has a `validation.custom.*` sentence). */
export const TODO_MESSAGES = {
  control: "must not contain control characters",
  date: "is not a real date or time",
  instant: "is not a date and time with a time zone offset",
  tag: "must be words of 1 to 40 characters without spaces",
  nothing: "send at least one field to change",
} as const;

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// Notes may hold line breaks and tabs, nothing else below a space.
// deno-lint-ignore no-control-regex
const NOTES_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const title = z.string().trim().min(1).max(MAX_TITLE_CHARS).refine(
  (s) => !CONTROL.test(s),
  TODO_MESSAGES.control,
);
const notes = z.string().max(MAX_NOTES_CHARS).refine(
  (s) => !NOTES_CONTROL.test(s),
  TODO_MESSAGES.control,
);

/**
 * A due: `YYYY-MM-DD` (all day), a wall time `YYYY-MM-DDTHH:MM[:SS]` in the todo's zone, or an
 * instant with `Z` or an offset; null removes it.
 */
export const dueSchema = z.string().max(40).refine(
  (s) => parseDateTime(s) !== undefined,
  TODO_MESSAGES.date,
);

/** A tag, normalised: trimmed, without leading "#", lowercase. */
const tag = z.string().max(200).transform((s) => s.trim().replace(/^#+/, "").toLowerCase())
  .refine(
    (s) => s.length >= 1 && s.length <= MAX_TAG_CHARS && !/[\s,#]/u.test(s) && !CONTROL.test(s),
    TODO_MESSAGES.tag,
  );
const tags = z.array(tag).max(MAX_TAGS).transform((list) => [...new Set(list)]);

/** An RRULE, stored in its checked form. */
export const recurrenceSchema = z.string().max(500).transform((text, ctx) => {
  const checked = checkRule(text);
  if ("error" in checked) {
    ctx.addIssue({ code: "custom", message: checked.error });
    return z.NEVER;
  }
  return checked.rule;
});

const id = z.string().min(1).max(64);

/** `POST /api/todos`. */
export const createTodoSchema = z.strictObject({
  title,
  notes: notes.optional(),
  status: z.enum(TODO_STATUSES).optional(),
  priority: z.enum(TODO_PRIORITIES).optional(),
  due: dueSchema.nullable().optional(),
  /** Default: UTC. */
  timeZone: timeZoneSchema.optional(),
  tags: tags.optional(),
  parentId: id.nullable().optional(),
  recurrence: recurrenceSchema.nullable().optional(),
});
export type CreateTodo = z.output<typeof createTodoSchema>;

/** `PATCH /api/todos/{id}`: any of the fields; `null` clears due, parent and recurrence. */
export const updateTodoSchema = createTodoSchema.partial().refine(
  (v) => Object.keys(v).length > 0,
  TODO_MESSAGES.nothing,
);
export type UpdateTodo = z.output<typeof updateTodoSchema>;

/** An instant in a query: with `Z` or an offset, so it means the same everywhere. */
const instant = z.string().max(40).refine(
  (s) => parseDateTime(s)?.kind === "instant",
  TODO_MESSAGES.instant,
);

export const TODO_SORTS = ["due", "created", "priority", "title"] as const;
export type TodoSort = typeof TODO_SORTS[number];

/**
 * `GET /api/todos`. Pages by `offset` (with `limit`): the answer's `nextOffset` is the next
 * page's, and `total` counts every match.
 */
export const listTodosQuery = z.object({
  status: z.enum(TODO_STATUSES).optional(),
  tag: tag.optional(),
  dueBefore: instant.optional(),
  dueAfter: instant.optional(),
  /** A todo's id for its sub-tasks, or `none` for top-level todos only. */
  parent: id.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  /** `true`: open todos whose due has passed (an all-day one once its day has ended). */
  overdue: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  sort: z.enum(TODO_SORTS).default("due"),
  /** Default: ascending for due and title, descending (newest, highest first) otherwise. */
  dir: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type ListTodosQuery = z.output<typeof listTodosQuery>;
