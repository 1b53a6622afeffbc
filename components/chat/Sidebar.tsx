/**
 * The conversation list: newest first, a filter box (titles and message text, asked of the
 * server), "load more" pages, a new-chat link and the way to full search. On a phone it is a
 * drawer that the chat header opens.
 */
import type { Signal } from "@preact/signals";
import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import { apiJson } from "../../lib/client/api.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import type { ConversationPage, ConversationView } from "./types.ts";

/** Conversations per page. */
export const LIST_PAGE = 30;

/** Props of `Sidebar`. */
export interface SidebarProps {
  items: Signal<ConversationView[]>;
  next: Signal<string | null>;
  currentId: string | null;
  t: Translate;
  onClose(): void;
}

/** The sidebar. */
export function Sidebar({ items, next, currentId, t, onClose }: SidebarProps) {
  const filter = useSignal("");
  const loading = useSignal(false);
  const failed = useSignal(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // Answers can arrive out of order while someone types: only the latest counts.
  const asked = useRef(0);

  const load = async (more: boolean) => {
    const ask = ++asked.current;
    loading.value = true;
    failed.value = false;
    const q = new URLSearchParams({ limit: String(LIST_PAGE) });
    if (filter.value.trim()) q.set("q", filter.value.trim());
    if (more && next.value) q.set("before", next.value);
    try {
      const page = await apiJson<ConversationPage>(`/api/conversations?${q}`);
      if (ask !== asked.current) return;
      items.value = more ? [...items.value, ...page.items] : page.items;
      next.value = page.next;
    } catch {
      if (ask === asked.current) failed.value = true;
    } finally {
      if (ask === asked.current) loading.value = false;
    }
  };

  const onFilter = (value: string) => {
    filter.value = value;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => load(false), 250);
  };

  return (
    <nav class="chat-side-inner" aria-label={t("conversations")}>
      <div class="chat-side-top">
        <a class="button chat-new" href="/chat">+ {t("new")}</a>
        <button type="button" class="chat-chip chat-side-close" onClick={onClose}>
          {t("close")}
        </button>
      </div>
      <input
        type="search"
        class="chat-filter"
        placeholder={t("filter")}
        aria-label={t("filter")}
        value={filter.value}
        onInput={(e) => onFilter(e.currentTarget.value)}
      />
      <ul class="chat-convs">
        {items.value.map((c) => (
          <li key={c.id}>
            <a
              href={`/chat/${encodeURIComponent(c.id)}`}
              class="chat-conv"
              dir="auto"
              aria-current={c.id === currentId ? "page" : undefined}
            >
              {c.title || t("untitled")}
            </a>
          </li>
        ))}
      </ul>
      {!items.value.length && !loading.value && (
        <p class="muted chat-side-note">{filter.value.trim() ? t("noMatch") : t("none")}</p>
      )}
      {failed.value && <p class="chat-side-note msg-status-error">{t("error.network")}</p>}
      {next.value && (
        <button
          type="button"
          class="chat-chip chat-more"
          disabled={loading.value}
          onClick={() => load(true)}
        >
          {t("loadMore")}
        </button>
      )}
      <a class="chat-search-link" href="/search">{t("searchAll")}</a>
    </nav>
  );
}
