import ApiKeys from "../../islands/ApiKeys.tsx";
import { listKeys } from "../../lib/auth/api_keys.ts";
import { requireProfile } from "../../lib/auth/mod.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/**
 * `/me/api-keys`: the profile's API keys for scripts and other apps (OpenAI-compatible `/v1`).
 * Made, shown once and revoked in the `ApiKeys` island through `/api/keys`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return page({
      keys: await listKeys(ctx.state.services.db, profile.id),
      base: `${ctx.url.origin}/v1`,
    });
  },
});

export default define.page<typeof handler>(function ApiKeysPage({ data, state: { t, locale } }) {
  return (
    <section class="zone-page api-keys-page">
      <h1>{t("apikeys.title")}</h1>
      <p>{t("apikeys.intro", { url: data.base })}</p>
      <ApiKeys keys={data.keys} locale={locale} messages={messages(locale, "apikeys.")} />
    </section>
  );
});
