import AdminLogout from "../../../islands/AdminLogout.tsx";
import { messages } from "../../../lib/i18n/mod.ts";
import { define } from "../../../utils.ts";

const AREAS = [
  "profiles",
  "devices",
  "models",
  "gems",
  "settings",
  "backups",
  "health",
  "logs",
] as const;

/** `GET /admin`: the admin home, linking every admin page. */
export default define.page(function AdminHome({ state: { t, locale } }) {
  return (
    <>
      <section class="hero auth-admin-hero">
        <div>
          <h1>{t("auth.admin.title")}</h1>
          <p>{t("auth.admin.text")}</p>
        </div>
        <AdminLogout
          messages={{ ...messages(locale, "auth.admin."), ...messages(locale, "auth.ui.") }}
        />
      </section>
      <section class="cards" aria-label={t("auth.admin.title")}>
        {AREAS.map((area) => (
          <a key={area} class="card" href={`/admin/${area}`}>
            <span class="card-title">{t(`auth.admin.${area}`)}</span>
            <span class="card-text">{t(`auth.admin.${area}.summary`)}</span>
          </a>
        ))}
      </section>
    </>
  );
});
