/**
 * The chat's way to the workspace panel, which loads as its own chunk (`workspace_ui.tsx`) the
 * first time it opens, so the chat page's first JavaScript stays small.
 *
 * - `openWorkspace(convId, path?)` opens the panel on a conversation's workspace (and shows
 *   `path` in it, e.g. a file a tool step made);
 * - `workspaceChanged()` tells an open panel to read the workspace again (a `tool` event with a
 *   `path` arrived);
 * - `workspaceAt.value = null` closes it.
 */
import { signal } from "@preact/signals";

/** The loaded chunk, or null until it is there. */
export const workspaceUi = signal<typeof import("./workspace_ui.tsx") | null>(null);

/** The open panel: its conversation, the file to show, and a count bumped on every change. */
export const workspaceAt = signal<{ id: string; path?: string; v: number } | null>(null);

let changes = 0;

/** Opens the panel on conversation `id`'s workspace, showing `path` when given. */
export function openWorkspace(id: string, path?: string): void {
  workspaceAt.value = { id, path, v: ++changes };
  if (!workspaceUi.value) import("./workspace_ui.tsx").then((m) => workspaceUi.value = m);
}

/** The open panel reads the workspace again (nothing happens while it is closed). */
export function workspaceChanged(): void {
  const at = workspaceAt.value;
  if (at) workspaceAt.value = { id: at.id, v: ++changes };
}
