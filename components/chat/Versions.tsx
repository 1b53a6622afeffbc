/**
 * "‹ 2 / 3 ›" under a message that has versions (an edit or a regenerate added one beside it:
 * conversations are trees). An arrow makes the previous or next version's branch the active path
 * (`POST /api/messages/{id}/select`, which answers the path's newest page) and shows that path.
 * Loaded with the chat's lazy chunk (`assistant_slot.ts`), so the chat page's first JavaScript
 * does not carry it; the server renders it with the page.
 */
import { useSignal } from "@preact/signals";
import type { Translate } from "../../lib/i18n/format.ts";
import type { MessagePage, Versions } from "../../lib/chat/types.ts";
import { apiJson, errorText } from "../../lib/client/api.ts";

/** Messages of the path shown after a switch (the thread loads older ones as it scrolls). */
const PAGE = 50;

/** Props of `VersionSwitch`. */
export interface VersionSwitchProps {
  v: Versions;
  t: Translate;
  /** A reply is streaming: switching waits. */
  busy: boolean;
  /** Shows the chosen path. */
  onPage(page: MessagePage): void;
}

/** The version switcher of one message. */
export function VersionSwitch({ v, t, busy, onPage }: VersionSwitchProps) {
  const pending = useSignal(false);
  const error = useSignal("");
  const pick = async (id: string | undefined) => {
    if (!id || pending.value) return;
    pending.value = true;
    error.value = "";
    try {
      const path = `/api/messages/${encodeURIComponent(id)}/select?limit=${PAGE}`;
      onPage(await apiJson<MessagePage>(path, "POST", {}));
    } catch (err) {
      error.value = errorText(err, t("error.network"));
    } finally {
      pending.value = false;
    }
  };
  const off = busy || pending.value;
  return (
    <span
      class="msg-versions"
      role="group"
      aria-label={t("versions.of", { index: v.index, count: v.count })}
    >
      <button
        type="button"
        class="chat-chip msg-version"
        aria-label={t("versions.previous")}
        disabled={off || v.index <= 1}
        onClick={() => pick(v.ids[v.index - 2])}
      >
        ‹
      </button>
      <span class="msg-versions-at" aria-hidden="true">{`${v.index} / ${v.count}`}</span>
      <button
        type="button"
        class="chat-chip msg-version"
        aria-label={t("versions.next")}
        disabled={off || v.index >= v.count}
        onClick={() => pick(v.ids[v.index])}
      >
        ›
      </button>
      {error.value && <span class="msg-status msg-status-error" role="alert">{error.value}</span>}
    </span>
  );
}
