/**
 * Today's todos: the overdue and those due today (rendered on the server, so reading needs no
 * JavaScript), a tick that takes a todo off the page at once (put back if the box refuses, with
 * an Undo that reopens it), and the quick-add box, which without JavaScript posts to `/today`.
 * A todo added for today shows in its group; one for another day is confirmed in a line.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { todoDue } from "../components/today/format.ts";
import { quickAddBody, useQuickAdd } from "../components/todos/quick_add.ts";
import { groupOf } from "../components/todos/groups.ts";
import { apiJson, errorText } from "../lib/client/api.ts";
import { fill } from "../lib/i18n/format.ts";
import { links } from "../lib/links.ts";
import type { Completed, Todo } from "../lib/todos/types.ts";

interface Props {
  overdue: Todo[];
  dueToday: Todo[];
  /** How many there are in all (the page holds the first ones). */
  overdueTotal: number;
  dueTodayTotal: number;
  /** The profile's local day (`YYYY-MM-DD`) and IANA zone. */
  today: string;
  timeZone: string;
  locale: string;
  /** The server's clock when it rendered the page (epoch ms). */
  now: number;
  /** Whether the rest of the day (events, list items) is empty too: then say it is a clear day. */
  quietDay: boolean;
  /** A todo just added through the form (no JavaScript), to confirm. */
  added: Todo | null;
  /** The form's text and error after a refused add (no JavaScript). */
  draft: string;
  error: string;
  /** The `today.ui.*` and `todos.ui.priority.*` messages in the page's language. */
  messages: Record<string, string>;
}

type Group = "overdue" | "dueToday";

export default function TodayTodos(props: Props) {
  const m = props.messages;
  const lists = {
    overdue: useSignal<Todo[]>(props.overdue),
    dueToday: useSignal<Todo[]>(props.dueToday),
  };
  // Beyond the first ones sent: fixed, since the page cannot know which of those are left.
  const more = {
    overdue: props.overdueTotal - props.overdue.length,
    dueToday: props.dueTodayTotal - props.dueToday.length,
  };
  const { draft, preview, onInput, understand } = useQuickAdd(props.draft);
  const error = useSignal(props.error);
  const busy = useSignal(false);
  const notice = useSignal<Todo | null>(props.added);
  const undo = useSignal<Todo | null>(null);
  const skew = useRef(props.now - Date.now());
  const toastTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const busyIds = useRef(new Set<string>());

  useEffect(() => () => clearTimeout(toastTimer.current), []);

  const failed = (err: unknown) => {
    error.value = fill(m["today.ui.failed"], { detail: errorText(err, m["today.ui.network"]) });
  };
  const due = (t: Todo) => todoDue(t, props.today, props.locale, props.timeZone);

  /** Where a todo belongs on Today now, if anywhere. */
  const placeOf = (t: Todo): Group | null => {
    const group = groupOf(t, Date.now() + skew.current, props.timeZone);
    return group === "overdue" ? "overdue" : group === "today" ? "dueToday" : null;
  };
  const put = (t: Todo, group: Group) => {
    const list = lists[group];
    list.value = [...list.value.filter((x) => x.id !== t.id), t].sort((a, b) =>
      (a.due ?? "").localeCompare(b.due ?? "")
    );
  };
  const take = (id: string) => {
    for (const list of Object.values(lists)) list.value = list.value.filter((t) => t.id !== id);
  };

  const add = async (e: Event) => {
    e.preventDefault();
    const text = draft.value.trim();
    if (!text || busy.value) return;
    error.value = "";
    busy.value = true;
    try {
      const todo = await apiJson<Todo>("/api/todos", "POST", quickAddBody(await understand(text)));
      const group = placeOf(todo);
      if (group) put(todo, group);
      notice.value = group ? null : todo;
      draft.value = "";
      preview.value = null;
    } catch (err) {
      failed(err);
    } finally {
      busy.value = false;
    }
  };

  // The todo leaves at once (a checkbox that waits for the box reads as "did not work"); it
  // comes back if the box refuses.
  const complete = async (todo: Todo, group: Group) => {
    if (busyIds.current.has(todo.id)) return;
    busyIds.current.add(todo.id);
    error.value = "";
    take(todo.id);
    try {
      const { next } = await apiJson<Completed>(`/api/todos/${todo.id}/complete`, "POST");
      const place = next && placeOf(next);
      if (next && place) put(next, place);
      undo.value = todo;
      clearTimeout(toastTimer.current);
      toastTimer.current = setTimeout(() => undo.value = null, 10_000);
    } catch (err) {
      put(todo, group);
      failed(err);
    } finally {
      busyIds.current.delete(todo.id);
    }
  };

  const reopen = async () => {
    const todo = undo.value;
    if (!todo) return;
    undo.value = null;
    error.value = "";
    try {
      const again = await apiJson<Todo>(`/api/todos/${todo.id}/reopen`, "POST");
      put(again, placeOf(again) ?? "dueToday");
    } catch (err) {
      failed(err);
    }
  };

  const row = (t: Todo, group: Group) => (
    <li key={t.id} class="todo-row" id={`t-${t.id}`} data-id={t.id}>
      <label>
        <input
          type="checkbox"
          onChange={() =>
            complete(t, group)}
        />
        <span class="todo-text">
          <span class="todo-title" dir="auto">{t.title}</span>
          <span class="todo-meta">
            {t.due && due(t) && <time dateTime={t.due}>{due(t)}</time>}
            {t.recurrence && <span>↻</span>}
            {t.priority === "high" && (
              <span class="todo-priority high">{m["todos.ui.priority.high"]}</span>
            )}
            {t.tags.map((tag) => <span key={tag} class="todo-tag">#{tag}</span>)}
          </span>
        </span>
      </label>
    </li>
  );

  const block = (group: Group, title: string) =>
    (lists[group].value.length > 0 || more[group] > 0) && (
      <section class={`today-block today-todos ${group}`} aria-labelledby={`today-${group}`}>
        <h2 id={`today-${group}`}>{title}</h2>
        <ul class="todo-list">
          {lists[group].value.map((t) =>
            row(t, group)
          )}
        </ul>
        {more[group] > 0 && (
          <p class="today-more">
            <a href="/todos">{fill(m["today.ui.more"], { count: more[group] })}</a>
          </p>
        )}
      </section>
    );

  const q = preview.value;
  const clear = props.quietDay && lists.overdue.value.length === 0 &&
    lists.dueToday.value.length === 0 && more.overdue + more.dueToday === 0;
  return (
    <div class="today-todos-island">
      {clear && (
        <div class="today-empty" role="status">
          <h2>{m["today.ui.emptyTitle"]}</h2>
          <p>{m["today.ui.emptyText"]}</p>
        </div>
      )}
      {block("overdue", m["today.ui.overdue"])}
      {block("dueToday", m["today.ui.dueToday"])}
      <form class="todo-add today-add" method="post" action="/today" onSubmit={add}>
        <div class="todo-add-row">
          <input
            type="text"
            name="text"
            required
            maxLength={500}
            aria-label={m["today.ui.addLabel"]}
            placeholder={m["today.ui.addPlaceholder"]}
            value={draft.value}
            onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="button" disabled={busy.value}>{m["today.ui.add"]}</button>
        </div>
        <p class="todo-preview muted" aria-live="polite">
          {q && q.title
            ? [
              q.title,
              q.due
                ? todoDue(
                  { due: q.due, dueAllDay: q.allDay, timeZone: q.timeZone } as Todo,
                  "",
                  props.locale,
                  props.timeZone,
                )
                : m["today.ui.noDate"],
              ...q.tags.map((t) => `#${t}`),
            ].join(" · ")
            : m["today.ui.addHint"]}
        </p>
      </form>
      {error.value && <p class="error" role="alert">{error.value}</p>}
      {notice.value && (
        <p class="today-notice" role="status">
          {fill(m["today.ui.added"], {
            title: notice.value.title,
            due: notice.value.due
              ? todoDue(notice.value, "", props.locale, props.timeZone)
              : m["today.ui.noDate"],
          })} <a href={links.todo(notice.value.id)}>{m["today.ui.allTodos"]}</a>
        </p>
      )}
      {undo.value && (
        <div class="toast todo-toast" role="status">
          <span>{fill(m["today.ui.done"], { title: undo.value.title })}</span>
          <button type="button" class="button" onClick={reopen}>{m["today.ui.undo"]}</button>
        </div>
      )}
    </div>
  );
}
