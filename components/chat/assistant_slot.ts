/**
 * Where the chat finds what loads as its own chunk after the page (`assistant_ui.tsx`): the
 * assistant's action cards and the chat's documents (citations, the picker), so the chat page's
 * first JavaScript stays small.
 */
import { signal } from "@preact/signals";

/** The loaded chunk, or null until it is there. */
export const assistantUi = signal<typeof import("./assistant_ui.tsx") | null>(null);

/**
 * The chunk once loaded, else null (and it starts loading). Read while rendering, it renders the
 * reader again when the chunk arrives.
 */
export function loadAssistantUi(): typeof import("./assistant_ui.tsx") | null {
  const ui = assistantUi.value;
  if (!ui) import("./assistant_ui.tsx").then((m) => assistantUi.value = m);
  return ui;
}
