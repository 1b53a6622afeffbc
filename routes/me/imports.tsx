import ChatImport from "../../islands/ChatImport.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { MAX_IMPORT_BYTES } from "../../lib/imports/types.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/**
 * `/me/imports`: bring conversations from ChatGPT, Open WebUI or another Hearth into the
 * profile. The choosing, preview and import happen in the island, through `/api/imports`.
 */
export const handler = define.handlers({
  GET(ctx) {
    requireProfile(ctx);
    return page({});
  },
});

export default define.page<typeof handler>(function ImportsPage({ state: { t, locale } }) {
  return (
    <section class="ics-page">
      <h1>{t("imports.title")}</h1>
      <p>{t("imports.intro")}</p>
      <noscript>
        <p class="muted">{t("imports.noscript")}</p>
      </noscript>
      <ChatImport
        messages={messages(locale, "imports.ui.")}
        locale={locale}
        maxBytes={MAX_IMPORT_BYTES}
      />
    </section>
  );
});
