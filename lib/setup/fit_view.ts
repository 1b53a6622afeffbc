/**
 * How the catalogue's chat models fit this box, in one sentence: the wizard's system step and
 * `hearth setup` say it the same way. A model that fits only tightly is counted as tight, never
 * as fitting ("9 well, 3 tight, 2 too big", not "14 of 14 fit"). Browser-safe.
 */
import type { Translate } from "../i18n/format.ts";
import type { Fit } from "./types.ts";

/** How many models fit well, tightly, and not at all. */
export type FitCounts = Record<Fit, number>;

const ORDER: readonly Fit[] = ["fits", "tight", "too_big"];

/** Counts `models` by how they fit. */
export function fitCounts(models: readonly { fit: Fit }[]): FitCounts {
  const counts: FitCounts = { fits: 0, tight: 0, too_big: 0 };
  for (const m of models) counts[m.fit]++;
  return counts;
}

/**
 * The sentence: "All 14 models fit this box well." when they do, else "How the 14 models fit
 * this box: 9 well, 3 tight, 2 too big." (a count of nothing is left out).
 */
export function fitSummary(models: readonly { fit: Fit }[], t: Translate): string {
  const counts = fitCounts(models);
  const total = models.length;
  if (counts.fits === total) return t("setup.system.fitAll", { total });
  const parts = ORDER.filter((fit) => counts[fit] > 0)
    .map((fit) => t(`setup.system.fitCount.${fit}`, { count: counts[fit] }));
  return t("setup.system.fitSummary", { total, parts: parts.join(", ") });
}
