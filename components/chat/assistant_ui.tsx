/**
 * The card under an assistant-mode reply that did something (Open, Edit, Undo) or found something
 * (the items, each linked). Loaded as its own chunk once a card is to be shown
 * (`assistant_slot.ts`), so the chat page's first JavaScript does not carry it.
 */
import { useSignal } from "@preact/signals";
import type { Translate } from "../../lib/i18n/format.ts";
import { type ActionCard, type UndoResult, undoUrl } from "../../lib/assistant/types.ts";
import { apiJson, errorText } from "../../lib/client/api.ts";

// The chat's documents (citations, the picker) load with this chunk too: one lazy chunk, one slot.
export { ChatDocuments, cite } from "./documents_ui.tsx";
// And agent mode's steps, approval cards and "Ask me before…" settings.
export { AgentAsk, AgentSteps } from "./agent_ui.tsx";
// And the version switcher of a message with versions ("‹ 2 / 3 ›").
export { VersionSwitch } from "./Versions.tsx";
export { versionsAgain } from "./again.ts";

/** Puts `text` in the composer, ready to be finished and sent. */
function toComposer(text: string) {
  const area = document.querySelector<HTMLTextAreaElement>(".composer-text");
  if (!area) return;
  area.value = text;
  area.dispatchEvent(new Event("input", { bubbles: true }));
  area.focus();
  area.setSelectionRange(text.length, text.length);
}

/** The card of a reply in assistant mode. */
export function ActionCardView({ card, t }: { card: ActionCard; t: Translate }) {
  const undone = useSignal(!!card.undone);
  const href = useSignal(card.href);
  const busy = useSignal(false);
  const error = useSignal("");
  const undo = async () => {
    busy.value = true;
    error.value = "";
    try {
      const r = await apiJson<UndoResult>(undoUrl(card.actionId!), "POST");
      undone.value = true;
      href.value = r.card.href;
    } catch (err) {
      error.value = errorText(err, String(err));
    } finally {
      busy.value = false;
    }
  };
  return (
    <section
      class={`action-card action-${card.kind}${undone.value ? " action-undone" : ""}`}
      aria-label={card.title}
    >
      <p class="action-head">
        <strong>{card.title}</strong>
        {undone.value && <span class="action-state">{t("assistant.undone")}</span>}
      </p>
      <p class="action-summary" dir="auto">{card.summary}</p>
      {card.items && card.items.length > 0 && (
        <ul class="action-items">
          {card.items.map((item, i) => (
            <li key={i} dir="auto">
              {item.href ? <a href={item.href}>{item.title}</a> : item.title}
              {item.detail && <span class="muted">· {item.detail}</span>}
            </li>
          ))}
        </ul>
      )}
      <div class="msg-actions">
        {href.value && !undone.value && (
          <a class="chat-chip" href={href.value}>{t("assistant.open")}</a>
        )}
        {card.edit && !undone.value && (
          <button
            type="button"
            class="chat-chip"
            onClick={() => toComposer(card.edit!)}
          >
            {t("assistant.edit")}
          </button>
        )}
        {card.actionId && !undone.value && (
          <button type="button" class="chat-chip" disabled={busy.value} onClick={undo}>
            {t("assistant.undo")}
          </button>
        )}
      </div>
      {error.value && <p class="msg-status msg-status-error" role="alert">{error.value}</p>}
    </section>
  );
}
