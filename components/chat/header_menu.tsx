/**
 * What the chat header's menu does, loaded at the tap so the chat page's first JavaScript does
 * not carry it: a download of an API answer as a file (the API needs the session header, so a
 * plain link cannot: fetched, then saved under the name its Content-Disposition gives), the
 * rename form, and deleting the conversation.
 */
import { apiError, apiJson } from "../../lib/client/api.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { type Signal, useSignal } from "@preact/signals";
import type { ConversationView } from "./types.ts";
import { apiFetch } from "../../lib/client/session.ts";

/** Fetches `path` and saves it. */
export async function download(path: string): Promise<void> {
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

/** Deletes conversation `c` (at API `path`) after a confirmation, then opens a new chat. */
export async function remove(c: ConversationView, path: string, t: Translate): Promise<void> {
  if (!confirm(t("deleteConfirm", { title: c.title || t("untitled") }))) return;
  await apiJson(path, "DELETE");
  location.assign("/chat");
}

/** Props of `RenameForm`. */
export interface RenameFormProps {
  conv: Signal<ConversationView | null>;
  /** The conversation's API address. */
  path: string;
  t: Translate;
  /** The form is done (saved, cancelled with Escape, or failed). */
  onDone(): void;
  onRenamed(c: ConversationView): void;
  onError(message: string): void;
}

/** The title in place, editable; saved on Enter or Save. */
export function RenameForm({ conv, path, t, onDone, onRenamed, onError }: RenameFormProps) {
  const text = useSignal(conv.value?.title ?? "");
  const save = async (e: Event) => {
    e.preventDefault();
    const title = text.value.trim();
    onDone();
    if (!title || title === conv.value?.title) return;
    try {
      onRenamed(conv.value = await apiJson<ConversationView>(path, "PATCH", { title }));
    } catch (err) {
      onError((err as Error).message);
    }
  };
  return (
    <form class="chat-rename" onSubmit={save}>
      <input
        aria-label={t("rename")}
        value={text.value}
        maxLength={200}
        ref={focus}
        onInput={(e) => text.value = e.currentTarget.value}
        onKeyDown={(e) => e.key === "Escape" && onDone()}
      />
      <button type="submit" class="chat-chip chat-chip-main">{t("saveTitle")}</button>
    </form>
  );
}

// A stable ref: the input is focused once, when it appears.
const focus = (el: HTMLInputElement | null) => el?.focus();
