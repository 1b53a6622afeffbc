/**
 * The chat's error line, and a limited profile's refusals (SPEC §3): a refusal for a limit
 * (`limit_*`: quiet hours, the day's replies, a model, tool, gem or document) shows as a calm
 * note (`.chat-limit`, in the server's translated words) instead of the red error line. Kept
 * small: the chat page's JavaScript has a budget (a "replies left today" line did not fit; the
 * count is in `GET /api/me` and on the admin's page).
 */
import { type Signal, useSignal } from "@preact/signals";
import type { ApiError } from "../../lib/client/api.ts";
import type { Translate } from "../../lib/i18n/format.ts";

/** What the chat island uses: `refused(err)` takes a reply's refusal, `note` shows it. */
export interface ChatNotes {
  /** Shows the refusal: a limit's as a calm note, any other as the error line. */
  refused(err: Pick<ApiError, "code" | "message">): void;
  note: preact.JSX.Element | false;
}

/** The chat's notes; `t` reads the `chat.*` messages, `error` is the island's error line. */
export function useChatNotes(t: Translate, error: Signal<string>): ChatNotes {
  // The message of the limit's refusal shown now: that error line is a note.
  const limit = useSignal("");
  const calm = error.value === limit.value;
  return {
    refused(err) {
      error.value = err.code === "stream_lost" ? t("error.network") : err.message;
      limit.value = err.code.startsWith("limit_") ? err.message : "";
    },
    note: !!error.value && (
      <p class={calm ? "chat-limit" : "chat-error"} role="alert">
        {error.value}{" "}
        <button type="button" class="chat-chip" onClick={() => error.value = ""}>
          {t("dismiss")}
        </button>
      </p>
    ),
  };
}
