import { formatDuration, formatSize, type T } from "./text.ts";
import type { PullView } from "./pull_view.ts";

/** A download's progress bar with bytes, rate and time left. */
export function PullBar({ t, locale, model, view }: {
  t: T;
  locale: string;
  model: string;
  view: PullView;
}) {
  const parts: string[] = [];
  if (view.phase === "manifest") parts.push(t("setup.model.preparing"));
  else if (view.phase === "verify") parts.push(t("setup.model.verifying"));
  else {
    parts.push(t("setup.model.progress", {
      percent: view.percent,
      done: formatSize(view.completed, locale),
      total: formatSize(view.total, locale),
    }));
    if (view.bytesPerSecond) {
      parts.push(t("setup.model.rate", { rate: formatSize(view.bytesPerSecond, locale) }));
    }
    if (view.etaSeconds !== undefined) {
      parts.push(t("setup.model.eta", { time: formatDuration(view.etaSeconds, t) }));
    }
  }
  return (
    <div class="setup-progress" data-phase={view.phase}>
      <progress
        max={100}
        value={view.percent}
        aria-label={t("setup.model.progressLabel", { model })}
      />
      <p class="setup-progress-text" aria-live="off">{parts.join(" · ")}</p>
    </div>
  );
}
