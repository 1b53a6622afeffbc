import type { Translate } from "../../lib/i18n/format.ts";
import { downloadText } from "./text.ts";
import type { PullView } from "./pull_view.ts";

/** A download's progress bar with bytes, rate and time left. */
export function PullBar({ t, locale, model, view }: {
  t: Translate;
  locale: string;
  model: string;
  view: PullView;
}) {
  const text = view.phase === "manifest"
    ? t("setup.model.preparing")
    : view.phase === "verify"
    ? t("setup.model.verifying")
    : downloadText(view, t, locale);
  return (
    <div class="setup-progress" data-phase={view.phase}>
      <progress
        max={100}
        value={view.percent}
        aria-label={t("setup.model.progressLabel", { model })}
      />
      <p class="setup-progress-text" aria-live="off">{text}</p>
    </div>
  );
}
