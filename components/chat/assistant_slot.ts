/**
 * Where the chat finds the assistant's action cards, which load as their own
 * chunk after the page (`assistant_ui.tsx`), so the chat page's first JavaScript stays small.
 */
import { signal } from "@preact/signals";

/** The loaded chunk, or null until it is there. */
export const assistantUi = signal<typeof import("./assistant_ui.tsx") | null>(null);

/** Loads the chunk once. */
export function loadAssistantUi(): null {
  if (!assistantUi.peek()) import("./assistant_ui.tsx").then((m) => assistantUi.value = m);
  return null;
}
