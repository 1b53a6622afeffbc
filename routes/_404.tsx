import { define } from "../utils.ts";

/** Shown for any page address that does not exist. */
export default define.page(function NotFound({ url, state: { t } }) {
  return (
    <section class="panel">
      <h1>{t("notfound.title")}</h1>
      <p>
        {t("notfound.text", { path: url.pathname })} <a href="/">{t("link.home")}</a>
      </p>
    </section>
  );
});
