import { Icon } from "../components/Icon.tsx";
import { HttpError } from "../lib/http/errors.ts";
import { findSection } from "../lib/sections.ts";
import { page } from "../lib/web/define.ts";
import { define } from "../utils.ts";

/** Sections that are not built yet: an honest "coming soon" page instead of a dead link. */
export const handler = define.handlers({
  GET(ctx) {
    const section = findSection(ctx.params.section);
    if (!section || section.ready) {
      throw new HttpError(404, "not_found", `There is no page at /${ctx.params.section}.`, {}, {
        path: ctx.url.pathname,
      });
    }
    return page(section);
  },
});

export default define.page<typeof handler>(function ComingSoon({ data, state: { t } }) {
  return (
    <section class="panel">
      <h1 class="with-icon">
        <Icon name={data.slug} size={26} /> {t(`section.${data.slug}`)}
      </h1>
      <p>{t(`section.${data.slug}.summary`)}</p>
      <p class="badge">{t("soon.badge")}</p>
      <p class="muted">
        {t("soon.text")} <a href="/">{t("link.home")}</a>
      </p>
    </section>
  );
});
