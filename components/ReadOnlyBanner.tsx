import type { UpgradeFailure } from "../lib/db/mod.ts";
import type { Translate } from "../lib/i18n/mod.ts";

/**
 * The line on top of every page while an upgrade failed and Hearth serves the restored data
 * read-only (`services.readOnly`): what happened, that the data is safe, what to do.
 */
export function ReadOnlyBanner({ failure, t }: { failure: UpgradeFailure | null; t: Translate }) {
  if (!failure) return null;
  return (
    <p class="readonly-banner" role="alert">
      {t("upgrade.banner", { snapshot: failure.snapshot })}
    </p>
  );
}
