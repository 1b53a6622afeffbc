/**
 * The bar above the thread: the drawer button (phones), the conversation's title, and its menu:
 * "Files" (the workspace panel, in agent conversations or when the workspace has files), rename
 * (in place), export as Markdown or JSON (downloads) and delete after a confirmation; what the
 * menu does is in `header_menu.tsx`, loaded at the tap.
 */
import type { Signal } from "@preact/signals";
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import type { Translate } from "../../lib/i18n/format.ts";
import type { ConversationView } from "./types.ts";
import { openWorkspace, workspaceAt } from "./workspace_slot.ts";

/** Props of `ChatHeader`. */
export interface ChatHeaderProps {
  conv: Signal<ConversationView | null>;
  t: Translate;
  /** The conversation list is open (phones). */
  drawerOpen: boolean;
  onDrawer(): void;
  /** A renamed conversation, for the sidebar. */
  onRenamed(c: ConversationView): void;
  onError(message: string): void;
  /** Its workspace holds files: "Files" shows even when agent mode is off. */
  files?: boolean;
}

/** The header. */
export function ChatHeader(
  { conv, t, drawerOpen, onDrawer, onRenamed, onError, files }: ChatHeaderProps,
) {
  // The menu's module while the title is being renamed (its form is there).
  const editing = useSignal<typeof import("./header_menu.tsx") | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const c = conv.value;
  const path = c ? `/api/conversations/${encodeURIComponent(c.id)}` : "";

  // The menu's actions load at the tap.
  const act = (fn: (m: typeof import("./header_menu.tsx")) => unknown) => () =>
    import("./header_menu.tsx").then(fn).catch((err: Error) => onError(err.message));

  return (
    <header class="chat-head">
      <button
        type="button"
        class="chat-chip chat-drawer"
        aria-controls="chat-side"
        aria-expanded={drawerOpen}
        onClick={onDrawer}
      >
        ☰ <span class="sr-only">{t("conversations")}</span>
      </button>
      {editing.value
        ? (
          <editing.value.RenameForm
            conv={conv}
            path={path}
            t={t}
            onDone={() => editing.value = null}
            onRenamed={onRenamed}
            onError={onError}
          />
        )
        : <h1 class="chat-title" dir="auto">{c ? c.title || t("untitled") : t("new")}</h1>}
      {c && (c.agent || files) && (
        <button
          type="button"
          class="chat-chip"
          aria-expanded={!!workspaceAt.value}
          onClick={() => workspaceAt.value ? workspaceAt.value = null : openWorkspace(c.id)}
        >
          {t("ws.files")}
        </button>
      )}
      {c && (
        <details class="chat-menu" ref={menu}>
          <summary class="chat-chip" aria-label={t("menu")}>⋯</summary>
          {/* A tap on any of its items closes the menu. */}
          <div class="chat-menu-list" onClick={() => menu.current?.removeAttribute("open")}>
            <button type="button" onClick={act((m) => editing.value = m)}>
              {t("rename")}
            </button>
            {["md", "json"].map((f) => (
              <button
                key={f}
                type="button"
                onClick={act((m) => m.download(`${path}/export?format=${f}`))}
              >
                {t(f === "md" ? "exportMd" : "exportJson")}
              </button>
            ))}
            <button
              type="button"
              class="danger"
              onClick={act((m) => m.remove(c, path, t))}
            >
              {t("delete")}
            </button>
          </div>
        </details>
      )}
    </header>
  );
}
