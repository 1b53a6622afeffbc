/**
 * The Todos page: the profile's open todos grouped Overdue / Today / Upcoming / No date (in the
 * profile's zone, rendered on the server so reading needs no JavaScript), the done ones below,
 * and the editing: a quick-add box with a live preview of what it understood
 * (`POST /api/dates/quick-add`, debounced), tick and untick, delete with an undo toast (undo
 * recreates the todo and its sub-tasks).
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { dayOf, formatDue, groupTodos, TODO_GROUPS } from "../components/todos/groups.ts";
import { quickAddBody, useQuickAdd } from "../components/todos/quick_add.ts";
import { apiJson, errorText } from "../lib/client/api.ts";
import { fill } from "../lib/i18n/format.ts";
import type { Completed, Todo } from "../lib/todos/types.ts";

interface Props {
  open: Todo[];
  done: Todo[];
  /** Open todos beyond those sent (the page shows the first ones by due). */
  more: number;
  /** The profile's IANA zone. */
  timeZone: string;
  locale: string;
  /** The server's clock when it rendered the page (epoch ms). */
  now: number;
  /** The `todos.ui.*` messages in the page's language. */
  messages: Record<string, string>;
}

/** A deleted todo as the body that recreates it. */
function recreateBody(t: Todo, parentId: string | null) {
  return {
    title: t.title,
    notes: t.notes,
    status: t.status,
    priority: t.priority,
    timeZone: t.timeZone,
    tags: t.tags,
    parentId,
    due: t.due && t.dueAllDay ? dayOf(Date.parse(t.due), t.timeZone) : t.due,
    recurrence: t.recurrence,
  };
}

export default function TodoBoard(props: Props) {
  const m = props.messages;
  const open = useSignal<Todo[]>(props.open);
  const done = useSignal<Todo[]>(props.done);
  const { draft, preview, onInput, understand } = useQuickAdd();
  const error = useSignal("");
  const busy = useSignal(false);
  const undo = useSignal<{ todos: Todo[]; title: string } | null>(null);
  // The server's clock, carried forward: the groups agree with the page the server sent.
  const skew = useRef(props.now - Date.now());
  const toastTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(toastTimer.current), []);

  const failed = (err: unknown) => {
    error.value = fill(m["todos.ui.failed"], { detail: errorText(err, m["todos.ui.network"]) });
  };

  const add = async (e: Event) => {
    e.preventDefault();
    const text = draft.value.trim();
    if (!text || busy.value) return;
    error.value = "";
    busy.value = true;
    try {
      const todo = await apiJson<Todo>("/api/todos", "POST", quickAddBody(await understand(text)));
      open.value = [...open.value, todo];
      draft.value = "";
      preview.value = null;
    } catch (err) {
      failed(err);
    } finally {
      busy.value = false;
    }
  };

  // A tick shows at once (a checkbox that springs back until the box answers reads as "did not
  // work", and a second tap would undo the first); it is put back if the box refuses.
  const toggling = useRef(new Set<string>());
  const complete = async (todo: Todo) => {
    if (toggling.current.has(todo.id)) return;
    toggling.current.add(todo.id);
    error.value = "";
    const ticked: Todo = { ...todo, status: "done" };
    open.value = open.value.filter((t) => t.id !== todo.id);
    done.value = [ticked, ...done.value];
    try {
      const { todo: finished, next } = await apiJson<Completed>(
        `/api/todos/${todo.id}/complete`,
        "POST",
      );
      open.value = [...open.value, ...(next ? [next] : [])];
      done.value = done.value.map((t) => t.id === todo.id ? finished : t);
    } catch (err) {
      done.value = done.value.filter((t) => t.id !== todo.id);
      open.value = [...open.value, todo];
      failed(err);
    } finally {
      toggling.current.delete(todo.id);
    }
  };

  const reopen = async (todo: Todo) => {
    if (toggling.current.has(todo.id)) return;
    toggling.current.add(todo.id);
    error.value = "";
    done.value = done.value.filter((t) => t.id !== todo.id);
    open.value = [...open.value, { ...todo, status: "open" }];
    try {
      const again = await apiJson<Todo>(`/api/todos/${todo.id}/reopen`, "POST");
      open.value = open.value.map((t) => t.id === todo.id ? again : t);
    } catch (err) {
      open.value = open.value.filter((t) => t.id !== todo.id);
      done.value = [todo, ...done.value];
      failed(err);
    } finally {
      toggling.current.delete(todo.id);
    }
  };

  const remove = async (todo: Todo) => {
    error.value = "";
    try {
      await apiJson(`/api/todos/${todo.id}`, "DELETE");
      const gone = (t: Todo) => t.id === todo.id || t.parentId === todo.id;
      const taken = [...open.value, ...done.value].filter(gone);
      open.value = open.value.filter((t) => !gone(t));
      done.value = done.value.filter((t) => !gone(t));
      undo.value = { todos: taken, title: todo.title };
      clearTimeout(toastTimer.current);
      toastTimer.current = setTimeout(() => undo.value = null, 10_000);
    } catch (err) {
      failed(err);
    }
  };

  const restore = async () => {
    const held = undo.value;
    if (!held) return;
    undo.value = null;
    error.value = "";
    try {
      const parent = held.todos.find((t) => !held.todos.some((p) => p.id === t.parentId))!;
      const made = await apiJson<Todo>("/api/todos", "POST", recreateBody(parent, parent.parentId));
      const all = [made];
      for (const child of held.todos.filter((t) => t !== parent)) {
        all.push(await apiJson<Todo>("/api/todos", "POST", recreateBody(child, made.id)));
      }
      open.value = [...open.value, ...all.filter((t) => t.status === "open")];
      done.value = [...all.filter((t) => t.status === "done"), ...done.value];
    } catch (err) {
      failed(err);
    }
  };

  const groups = groupTodos(open.value, Date.now() + skew.current, props.timeZone);

  const meta = (t: Todo) => (
    <span class="todo-meta">
      {t.due && (
        <time class="todo-due" dateTime={t.due}>
          {formatDue(t, props.locale, props.timeZone)}
        </time>
      )}
      {t.recurrence && <span title={m["todos.ui.repeats"]}>↻</span>}
      {t.priority !== "none" && (
        <span class={`todo-priority ${t.priority}`}>{m[`todos.ui.priority.${t.priority}`]}</span>
      )}
      {t.tags.map((tag) => <span key={tag} class="todo-tag">#{tag}</span>)}
    </span>
  );

  const row = (t: Todo, sub = false) => (
    <div class={`todo-row${sub ? " sub" : ""}`} id={`t-${t.id}`} data-id={t.id}>
      <label>
        <input
          type="checkbox"
          checked={t.status === "done"}
          onChange={() =>
            t.status === "done" ? reopen(t) : complete(t)}
        />
        <span class="todo-text">
          <span class="todo-title" dir="auto">{t.title}</span>
          {meta(t)}
        </span>
      </label>
      <button
        type="button"
        class="todo-delete"
        aria-label={fill(m["todos.ui.delete"], { title: t.title })}
        title={fill(m["todos.ui.delete"], { title: t.title })}
        onClick={() =>
          remove(t)}
      >
        ×
      </button>
    </div>
  );

  const q = preview.value;
  return (
    <div class="todo-board">
      <form class="todo-add" onSubmit={add}>
        <div class="todo-add-row">
          <input
            type="text"
            maxLength={500}
            aria-label={m["todos.ui.addLabel"]}
            placeholder={m["todos.ui.addPlaceholder"]}
            value={draft.value}
            onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="button" disabled={busy.value}>{m["todos.ui.add"]}</button>
        </div>
        <p class="todo-preview muted" aria-live="polite">
          {q && q.title
            ? [
              q.title,
              q.due
                ? formatDue(
                  {
                    due: q.due,
                    dueAllDay: q.allDay,
                    timeZone: q.timeZone,
                  } as Todo,
                  props.locale,
                  props.timeZone,
                )
                : m["todos.ui.noDate"],
              ...q.tags.map((t) => `#${t}`),
              ...(q.priority ? [m[`todos.ui.priority.${q.priority}`]] : []),
            ].join(" · ")
            : m["todos.ui.addHint"]}
        </p>
      </form>
      {error.value && <p class="error" role="alert">{error.value}</p>}
      {open.value.length === 0 && <p class="muted">{m["todos.ui.allDone"]}</p>}
      {TODO_GROUPS.map((g) =>
        groups[g].length > 0 && (
          <section key={g} class={`todo-group ${g}`} aria-labelledby={`todo-group-${g}`}>
            <h2 id={`todo-group-${g}`}>{m[`todos.ui.group.${g}`]}</h2>
            <ul class="todo-list">
              {groups[g].map(({ todo, children }) => (
                <li key={todo.id}>
                  {row(todo)}
                  {children.length > 0 && (
                    <ul class="todo-list">
                      {children.map((c) => <li key={c.id}>{row(c, true)}</li>)}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )
      )}
      {props.more > 0 && <p class="muted">{fill(m["todos.ui.more"], { count: props.more })}</p>}
      {done.value.length > 0 && (
        <section class="todo-group done" aria-labelledby="todo-group-done">
          <h2 id="todo-group-done">{m["todos.ui.done"]}</h2>
          <ul class="todo-list">
            {done.value.map((t) => <li key={t.id}>{row(t)}</li>)}
          </ul>
        </section>
      )}
      {undo.value && (
        <div class="toast todo-toast" role="status">
          <span>{fill(m["todos.ui.deleted"], { title: undo.value.title })}</span>
          <button type="button" class="button" onClick={restore}>{m["todos.ui.undo"]}</button>
        </div>
      )}
    </div>
  );
}
