import { HttpError } from "../lib/http/errors.ts";
import { localizedMessage } from "../lib/i18n/errors.ts";
import { define } from "../utils.ts";

/** Shown when a page fails. Never shows internals: only what an HttpError says to users. */
export default define.page(function ErrorPage({ error, state }) {
  const { t, locale } = state;
  const message = error instanceof HttpError ? localizedMessage(error, locale) : t("error.generic");
  return (
    <section class="panel">
      <h1>{t("error.title")}</h1>
      <p>{message}</p>
      <p class="muted">
        {t("error.reference", { id: state.requestId })} · <a href="/">{t("link.home")}</a>
      </p>
    </section>
  );
});
