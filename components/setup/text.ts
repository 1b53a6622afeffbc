/** The wizard's download line, shared with `hearth setup`. */
import { formatDuration, formatSize, type Translate } from "../../lib/i18n/format.ts";

/** A download's progress in words: done of total, the rate and the time left, as known. */
export function downloadText(
  view: {
    percent: number;
    completed: number;
    total: number;
    bytesPerSecond?: number;
    etaSeconds?: number;
  },
  t: Translate,
  locale: string,
): string {
  const parts = [t("setup.model.progress", {
    percent: view.percent,
    done: formatSize(view.completed, locale),
    total: formatSize(view.total, locale),
  })];
  if (view.bytesPerSecond) {
    parts.push(t("setup.model.rate", { rate: formatSize(view.bytesPerSecond, locale) }));
  }
  if (view.etaSeconds !== undefined) {
    parts.push(t("setup.model.eta", { time: formatDuration(view.etaSeconds, locale) }));
  }
  return parts.join(" · ");
}
