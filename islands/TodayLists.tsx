/**
 * Today's lists: the open items of the lists the profile reads (its own and the household's
 * shared ones), each list linked to its page. Rendered on the server, so reading needs no
 * JavaScript; a tick takes the item off at once (put back if the box refuses, with an Undo
 * that unticks it).
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { apiJson, errorText } from "../lib/client/api.ts";
import { fill } from "../lib/i18n/format.ts";
import type { ListItem } from "../lib/lists/types.ts";
import type { TodayList } from "../lib/today/types.ts";

interface Props {
  lists: TodayList[];
  /** Lists with open items beyond those sent. */
  moreLists: number;
  /** The `today.ui.*` and `lists.ui.*` messages in the page's language. */
  messages: Record<string, string>;
}

export default function TodayLists(props: Props) {
  const m = props.messages;
  const items = useSignal<ListItem[]>(props.lists.flatMap((l) => l.items));
  const error = useSignal("");
  const undo = useSignal<ListItem | null>(null);
  const toastTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const busyIds = useRef(new Set<string>());
  useEffect(() => () => clearTimeout(toastTimer.current), []);

  const failed = (err: unknown) => {
    error.value = fill(m["today.ui.failed"], { detail: errorText(err, m["today.ui.network"]) });
  };
  const put = (item: ListItem) => {
    items.value = [...items.value.filter((i) => i.id !== item.id), item].sort((a, b) =>
      a.position - b.position
    );
  };
  const setDone = (item: ListItem, done: boolean) =>
    apiJson<ListItem>(`/api/lists/${item.listId}/items/${item.id}`, "PATCH", { done });

  const tick = async (item: ListItem) => {
    if (busyIds.current.has(item.id)) return;
    busyIds.current.add(item.id);
    error.value = "";
    items.value = items.value.filter((i) => i.id !== item.id);
    try {
      await setDone(item, true);
      undo.value = item;
      clearTimeout(toastTimer.current);
      toastTimer.current = setTimeout(() => undo.value = null, 10_000);
    } catch (err) {
      put(item);
      failed(err);
    } finally {
      busyIds.current.delete(item.id);
    }
  };

  const untick = async () => {
    const item = undo.value;
    if (!item) return;
    undo.value = null;
    error.value = "";
    try {
      put(await setDone(item, false));
    } catch (err) {
      failed(err);
    }
  };

  if (props.lists.length === 0) return null;
  return (
    <section class="today-block today-lists" aria-labelledby="today-lists">
      <h2 id="today-lists">
        <a href="/lists">{m["today.ui.lists"]}</a>
      </h2>
      {props.lists.map(({ list, items: sent }) => {
        const open = items.value.filter((i) => i.listId === list.id);
        const more = list.open - sent.length;
        return (
          <div key={list.id} class="today-list">
            <h3>
              <a href={`/lists/${list.id}`} dir="auto">{list.name}</a>
              {list.shared && <span class="muted today-list-shared">{m["lists.ui.shared"]}</span>}
            </h3>
            <ul class="list-items">
              {open.map((item) => (
                <li key={item.id} class="list-item" id={`i-${item.id}`}>
                  <label>
                    <input type="checkbox" onChange={() => tick(item)} />
                    <span dir="auto">{item.text}</span>
                  </label>
                </li>
              ))}
            </ul>
            {more > 0 && (
              <p class="today-more">
                <a href={`/lists/${list.id}`}>{fill(m["today.ui.more"], { count: more })}</a>
              </p>
            )}
          </div>
        );
      })}
      {props.moreLists > 0 && (
        <p class="today-more">
          <a href="/lists">{fill(m["today.ui.more"], { count: props.moreLists })}</a>
        </p>
      )}
      {error.value && <p class="error" role="alert">{error.value}</p>}
      {undo.value && (
        <div class="toast todo-toast today-toast-lists" role="status">
          <span>{fill(m["today.ui.ticked"], { text: undo.value.text })}</span>
          <button type="button" class="button" onClick={untick}>{m["today.ui.undo"]}</button>
        </div>
      )}
    </section>
  );
}
