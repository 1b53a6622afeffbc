/**
 * One household list, live: tick and untick items, add one, and follow the list's feed
 * (`GET /api/lists/{id}/events`), so a change made on another device shows without a reload.
 * The feed's first event is a snapshot, so a reconnect (backoff 0.5 s doubling to 10 s) is a
 * full resync; the feed ending as `unshared` or `deleted` says the list is gone.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson, errorText } from "../lib/client/api.ts";
import { apiFetch } from "../lib/client/session.ts";
import { SseParser } from "../lib/client/sse.ts";
import { fill } from "../lib/i18n/format.ts";
import type { ListEvent, ListItem, ListWithItems } from "../lib/lists/types.ts";

interface Props {
  list: ListWithItems;
  /** The `lists.*` messages in the page's language. */
  messages: Record<string, string>;
}

const byPosition = (a: ListItem, b: ListItem) => a.position - b.position || (a.id < b.id ? -1 : 1);

export default function ListView({ list, messages: m }: Props) {
  const items = useSignal<ListItem[]>(list.items);
  const name = useSignal(list.name);
  // "connecting" until the feed answers, so a test (and a reader) can tell when it is live.
  const link = useSignal<"connecting" | "live" | "retrying" | "gone">("connecting");
  const error = useSignal("");
  const draft = useSignal("");

  const upsert = (item: ListItem) => {
    items.value = [...items.value.filter((i) => i.id !== item.id), item].sort(byPosition);
  };

  /** Applies one feed event; says when to stop for good or to reconnect. */
  const apply = (event: ListEvent): "stop" | "reconnect" | undefined => {
    switch (event.type) {
      case "snapshot":
        items.value = [...event.list.items].sort(byPosition);
        name.value = event.list.name;
        return;
      case "item":
        upsert(event.item);
        return;
      case "deleted":
        items.value = items.value.filter((i) => i.id !== event.id);
        return;
      case "order": {
        const at = new Map(event.ids.map((id, i) => [id, i]));
        items.value = items.value.map((i) => ({ ...i, position: at.get(i.id) ?? i.position }))
          .sort(byPosition);
        return;
      }
      case "list":
        name.value = event.list.name;
        return;
      case "closed":
        if (event.reason === "unshared" || event.reason === "deleted") {
          link.value = "gone";
          return "stop";
        }
        return "reconnect";
    }
  };

  useEffect(() => {
    const stop = new AbortController();
    (async () => {
      let delay = 500;
      while (!stop.signal.aborted) {
        try {
          const res = await apiFetch(`/api/lists/${list.id}/events`, { signal: stop.signal });
          if (res.status === 404) {
            link.value = "gone";
            return;
          }
          if (!res.ok || !res.body) throw new Error(String(res.status));
          link.value = "live";
          delay = 500;
          const reader = res.body.getReader();
          const parser = new SseParser();
          const decoder = new TextDecoder();
          read: while (true) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const event of parser.push(decoder.decode(value, { stream: true }))) {
              const next = apply(event.data as ListEvent);
              if (next === "stop") return;
              if (next === "reconnect") {
                await reader.cancel();
                break read;
              }
            }
          }
        } catch {
          if (stop.signal.aborted) return;
        }
        link.value = "retrying";
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    })();
    return () => stop.abort();
  }, []);

  const tick = async (item: ListItem, done: boolean) => {
    error.value = "";
    upsert({ ...item, done });
    try {
      upsert(
        await apiJson<ListItem>(`/api/lists/${list.id}/items/${item.id}`, "PATCH", { done }),
      );
    } catch (err) {
      upsert(item);
      error.value = fill(m["lists.ui.failed"], { detail: errorText(err, m["lists.ui.network"]) });
    }
  };

  const add = async (e: Event) => {
    e.preventDefault();
    const text = draft.value.trim();
    if (!text) return;
    error.value = "";
    try {
      const { items: added } = await apiJson<{ items: ListItem[] }>(
        `/api/lists/${list.id}/items`,
        "POST",
        { text },
      );
      added.forEach(upsert);
      draft.value = "";
    } catch (err) {
      error.value = fill(m["lists.ui.failed"], { detail: errorText(err, m["lists.ui.network"]) });
    }
  };

  const gone = link.value === "gone";
  return (
    <div class="list-view" data-link={link.value}>
      <h1>{name.value}</h1>
      {gone && <p class="list-gone" role="status">{m["lists.ui.gone"]}</p>}
      {link.value === "retrying" && <p class="muted" role="status">{m["lists.ui.retrying"]}</p>}
      {items.value.length === 0 && <p class="muted">{m["lists.ui.empty"]}</p>}
      <ul class="list-items">
        {items.value.map((item) => (
          <li key={item.id} class={item.done ? "list-item done" : "list-item"}>
            <label>
              <input
                type="checkbox"
                checked={item.done}
                disabled={gone}
                onChange={(e) =>
                  tick(item, (e.currentTarget as HTMLInputElement).checked)}
              />
              <span dir="auto">{item.text}</span>
            </label>
          </li>
        ))}
      </ul>
      {!gone && (
        <form class="list-add" onSubmit={add}>
          <input
            type="text"
            maxLength={500}
            aria-label={m["lists.ui.addLabel"]}
            placeholder={m["lists.ui.addLabel"]}
            value={draft.value}
            onInput={(e) => draft.value = (e.currentTarget as HTMLInputElement).value}
          />
          <button type="submit" class="button">{m["lists.ui.add"]}</button>
        </form>
      )}
      {error.value && <p class="error" role="alert">{error.value}</p>}
    </div>
  );
}
