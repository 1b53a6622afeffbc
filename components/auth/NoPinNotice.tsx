import type { Translate } from "../../lib/i18n/mod.ts";

/**
 * The warning a profile without a PIN that is the admin's sees on its pages: anyone on the
 * network can open it. Links to the admin's profile form, opened at this profile.
 */
export function NoPinNotice({ profileId, t }: { profileId: string; t: Translate }) {
  return (
    <p class="auth-warn" role="note" data-notice="no-pin">
      {t("auth.noPin.text")}{" "}
      <a href={`/admin/profiles?edit=${encodeURIComponent(profileId)}`}>
        {t("auth.noPin.action")}
      </a>
    </p>
  );
}
