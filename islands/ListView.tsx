/**
 * One household list, live: tick and untick items, add one or several (a pasted text adds one
 * item per line; without JavaScript the same form posts to the page), remove one, clear the
 * ticked ones, and follow the list's feed (`GET /api/lists/{id}/events`), so a change made on
 * another device shows without a reload. The feed's first event is a snapshot, so a reconnect
 * (backoff 0.5 s doubling to 10 s) is a full resync; the feed ending as `unshared` or `deleted`
 * says the list is gone.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { itemLines } from "../components/lists/lines.ts";
import { apiJson, errorText } from "../lib/client/api.ts";
import { apiFetch } from "../lib/client/session.ts";
import { SseParser } from "../lib/client/sse.ts";
import { fill } from "../lib/i18n/format.ts";
import type { ListEvent, ListItem, ListWithItems } from "../lib/lists/types.ts";

interface Props {
  list: ListWithItems;
  /** The `lists.ui.*` messages in the page's language. */
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
  // Remove and clear need JavaScript: shown once it runs, so a page without it offers only what
  // works there (reading, and adding through the form).
  const live = useSignal(false);
  useEffect(() => {
    live.value = true;
  }, []);

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
      failed(err);
    }
  };

  const failed = (err: unknown) => {
    error.value = fill(m["lists.ui.failed"], { detail: errorText(err, m["lists.ui.network"]) });
  };

  const add = async (e: Event) => {
    e.preventDefault();
    const texts = itemLines(draft.value);
    if (texts.length === 0) return;
    error.value = "";
    try {
      const { items: added } = await apiJson<{ items: ListItem[] }>(
        `/api/lists/${list.id}/items`,
        "POST",
        texts.length === 1 ? { text: texts[0] } : { items: texts.map((text) => ({ text })) },
      );
      added.forEach(upsert);
      draft.value = "";
    } catch (err) {
      failed(err);
    }
  };

  /** Deletes items (a few at a time); those the box refused come back. */
  const remove = async (gone: ListItem[]) => {
    error.value = "";
    const ids = new Set(gone.map((i) => i.id));
    items.value = items.value.filter((i) => !ids.has(i.id));
    const queue = [...gone];
    let refusal: unknown = null;
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        try {
          await apiJson(`/api/lists/${list.id}/items/${item.id}`, "DELETE");
        } catch (err) {
          // Already gone is what was asked for.
          if ((err as { status?: number }).status === 404) continue;
          refusal = err;
          upsert(item);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    if (refusal) failed(refusal);
  };

  /** Enter adds (Shift+Enter starts a new line), as in a one-line box. */
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      (e.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
    }
  };

  const gone = link.value === "gone";
  const ticked = items.value.filter((i) => i.done);
  return (
    <div class="list-view" data-link={link.value}>
      <h1>{name.value}</h1>
      {gone && <p class="list-gone" role="status">{m["lists.ui.gone"]}</p>}
      {link.value === "retrying" && <p class="muted" role="status">{m["lists.ui.retrying"]}</p>}
      {items.value.length === 0 && <p class="muted">{m["lists.ui.empty"]}</p>}
      <ul class="list-items">
        {items.value.map((item) => (
          <li key={item.id} id={`i-${item.id}`} class={item.done ? "list-item done" : "list-item"}>
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
            {live.value && !gone && (
              <button
                type="button"
                class="list-remove"
                aria-label={fill(m["lists.ui.remove"], { text: item.text })}
                title={fill(m["lists.ui.remove"], { text: item.text })}
                onClick={() => remove([item])}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {live.value && !gone && ticked.length > 0 && (
        <p class="list-clear">
          <button type="button" class="button lists-quiet" onClick={() => remove(ticked)}>
            {fill(m["lists.ui.clear"], { count: ticked.length })}
          </button>
        </p>
      )}
      {!gone && (
        <form class="list-add" method="post" action={`/lists/${list.id}`} onSubmit={add}>
          <input type="hidden" name="intent" value="add" />
          <textarea
            name="text"
            rows={1}
            required
            aria-label={m["lists.ui.addLabel"]}
            placeholder={m["lists.ui.addPlaceholder"]}
            value={draft.value}
            onKeyDown={onKeyDown}
            onInput={(e) => draft.value = (e.currentTarget as HTMLTextAreaElement).value}
          />
          <button type="submit" class="button">{m["lists.ui.add"]}</button>
        </form>
      )}
      {error.value && <p class="error" role="alert">{error.value}</p>}
    </div>
  );
}
