import { define } from "../utils.ts";

/** The page shown when the box cannot be reached. Static: no layout, no island, no script. */
export const config = { skipInheritedLayouts: true };

export default define.page(function Offline({ state: { t } }) {
  return (
    <section class="panel offline">
      <h1>{t("offline.title")}</h1>
      <p>{t("offline.text")}</p>
      <p>
        <a href="/" class="button">{t("offline.retry")}</a>
      </p>
    </section>
  );
});
