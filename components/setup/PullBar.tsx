import type { Translate } from "../../lib/i18n/format.ts";
import { pullParts, type PullView } from "../../lib/ollama/pull_view.ts";

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
    : pullParts(view, t, locale, {
      bytes: "setup.model.progress",
      rate: "setup.model.rate",
      eta: "setup.model.eta",
    }).join(" · ");
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
