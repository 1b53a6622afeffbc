/**
 * The quick add the Todos and Today islands share: the line being typed, a preview of what it
 * says (`POST /api/dates/quick-add`, 250 ms after the last key, only the latest answer shown),
 * and that answer as the `POST /api/todos` body.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { apiJson } from "../../lib/client/api.ts";
import type { QuickAddJson } from "../../lib/dates/types.ts";
import { dayOf } from "./groups.ts";

/** What a quick-add line said, as the `POST /api/todos` body (an all-day due as its day). */
export function quickAddBody(q: QuickAddJson) {
  return {
    title: q.title,
    timeZone: q.timeZone,
    tags: q.tags,
    ...(q.priority ? { priority: q.priority } : {}),
    ...(q.due ? { due: q.allDay ? dayOf(Date.parse(q.due), q.timeZone) : q.due } : {}),
  };
}

/** A quick-add box's state and handlers (`useQuickAdd`). */
export interface QuickAdd {
  draft: Signal<string>;
  preview: Signal<QuickAddJson | null>;
  /** The box's input handler: keeps the draft and asks for a preview once typing pauses. */
  onInput(text: string): void;
  /** Reads `text` now (for adding), cancelling a pending preview; shows the answer too. */
  understand(text: string): Promise<QuickAddJson>;
}

export function useQuickAdd(initial = ""): QuickAdd {
  const draft = useSignal(initial);
  const preview = useSignal<QuickAddJson | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const asked = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);

  const ask = async (text: string): Promise<QuickAddJson> => {
    const n = ++asked.current;
    const q = await apiJson<QuickAddJson>("/api/dates/quick-add", "POST", { text });
    if (n === asked.current) preview.value = q;
    return q;
  };
  return {
    draft,
    preview,
    onInput(text) {
      draft.value = text;
      clearTimeout(timer.current);
      if (!text.trim()) {
        asked.current++;
        preview.value = null;
        return;
      }
      timer.current = setTimeout(() => ask(text.trim()).catch(() => {}), 250);
    },
    understand(text) {
      clearTimeout(timer.current);
      return ask(text);
    },
  };
}
