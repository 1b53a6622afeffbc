import type { Translate } from "../../lib/i18n/format.ts";
import type { Pull } from "./pull.ts";
import { PullBar } from "./PullBar.tsx";

interface Props {
  t: Translate;
  locale: string;
  pull: Pull;
  cancel(): void;
  dismiss(): void;
}

/**
 * The model download under every step of the wizard: its bar and Cancel while it runs, then
 * how it ended (ready, cancelled, failed) until dismissed. It sticks to the bottom of the
 * screen, so a long step on a phone does not scroll it away.
 */
export function PullStrip({ t, locale, pull, cancel, dismiss }: Props) {
  const running = pull.phase === "running";
  return (
    <div class="setup-pull" data-phase={pull.phase} data-model={pull.model} role="status">
      {running && (
        <>
          <div class="setup-pull-head">
            <strong>{t("setup.pull.downloading", { model: pull.model })}</strong>
            <button
              type="button"
              class="button setup-quiet setup-pull-cancel"
              onClick={cancel}
              disabled={!pull.taskId}
              aria-label={t("setup.model.cancel")}
            >
              {t("setup.pull.cancel")}
            </button>
          </div>
          <PullBar t={t} locale={locale} model={pull.model} view={pull.view} />
        </>
      )}
      {!running && (
        <div class="setup-pull-head">
          {pull.phase === "done" && (
            <p class="setup-ok">{t("setup.model.done", { model: pull.model })}</p>
          )}
          {pull.phase === "cancelled" && <p>{t("setup.model.cancelled")}</p>}
          {pull.phase === "error" && (
            <p class="setup-error">{t("setup.model.failed", { message: pull.error ?? "" })}</p>
          )}
          <button type="button" class="setup-link" onClick={dismiss}>
            {t("setup.pull.dismiss")}
          </button>
        </div>
      )}
      {pull.note && <p class="setup-note setup-pull-note">{pull.note}</p>}
    </div>
  );
}
