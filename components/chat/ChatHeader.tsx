/**
 * The bar above the thread: the drawer button (phones), the conversation's title, and its menu:
 * rename (in place), export as Markdown or JSON (downloads; the API needs the session header, so
 * these are fetched, not plain links), and delete after a confirmation.
 */
import type { Signal } from "@preact/signals";
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import { apiError, apiJson } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import type { ConversationView } from "./types.ts";

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
}

async function download(path: string): Promise<void> {
  const res = await apiFetch(path);
  if (!res.ok) throw await apiError(res);
  const disposition = res.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "conversation";
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The header. */
export function ChatHeader(
  { conv, t, drawerOpen, onDrawer, onRenamed, onError }: ChatHeaderProps,
) {
  const editing = useSignal<string | null>(null);
  const menu = useRef<HTMLDetailsElement>(null);
  const c = conv.value;
  const path = c ? `/api/conversations/${encodeURIComponent(c.id)}` : "";

  const act = (fn: () => Promise<unknown>) => () => {
    menu.current?.removeAttribute("open");
    fn().catch((err: Error) => onError(err.message));
  };
  const rename = async (e: Event) => {
    e.preventDefault();
    const title = editing.value?.trim();
    editing.value = null;
    if (!c || !title || title === c.title) return;
    const saved = await apiJson<ConversationView>(path, "PATCH", { title }).catch((err: Error) => {
      onError(err.message);
      return null;
    });
    if (saved) {
      conv.value = saved;
      onRenamed(saved);
    }
  };
  const remove = async () => {
    if (!c || !confirm(t("deleteConfirm", { title: c.title || t("untitled") }))) return;
    await apiJson(path, "DELETE");
    location.assign("/chat");
  };

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
      {editing.value !== null
        ? (
          <form class="chat-rename" onSubmit={rename}>
            <input
              aria-label={t("rename")}
              value={editing.value}
              maxLength={200}
              ref={(el) => el?.focus()}
              onInput={(e) => editing.value = e.currentTarget.value}
              onKeyDown={(e) => e.key === "Escape" && (editing.value = null)}
            />
            <button type="submit" class="chat-chip chat-chip-main">{t("saveTitle")}</button>
          </form>
        )
        : <h1 class="chat-title" dir="auto">{c ? c.title || t("untitled") : t("new")}</h1>}
      {c && (
        <details class="chat-menu" ref={menu}>
          <summary class="chat-chip" aria-label={t("menu")}>⋯</summary>
          <div class="chat-menu-list">
            <button
              type="button"
              onClick={() => {
                menu.current?.removeAttribute("open");
                editing.value = c.title;
              }}
            >
              {t("rename")}
            </button>
            <button type="button" onClick={act(() => download(`${path}/export?format=md`))}>
              {t("exportMd")}
            </button>
            <button type="button" onClick={act(() => download(`${path}/export?format=json`))}>
              {t("exportJson")}
            </button>
            <button type="button" class="danger" onClick={act(remove)}>{t("delete")}</button>
          </div>
        </details>
      )}
    </header>
  );
}
