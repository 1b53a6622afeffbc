import { requireProfile } from "../../lib/auth/mod.ts";
import { listGems } from "../../lib/gems/store.ts";
import { limitGems } from "../../lib/limits/use.ts";
import { links } from "../../lib/links.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** `/gems`: the household's gems as cards (icon, name, description); no JavaScript. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    ctx.state.title = ctx.state.t("gems.ui.title");
    const { db } = ctx.state.services;
    return page({
      // A limited profile sees only the gems it may run.
      gems: await limitGems(db.kysely, profile.id, await listGems(db.kysely, ctx.state.locale)),
      admin: ctx.state.admin,
    });
  },
});

export default define.page<typeof handler>(function GemsPage({ data, state: { t } }) {
  return (
    <section class="gems-page">
      <h1>{t("gems.ui.title")}</h1>
      <p class="muted">{t("gems.ui.intro")}</p>
      {data.gems.length
        ? (
          <ul class="gem-cards">
            {data.gems.map((g) => (
              <li key={g.id}>
                <a class="gem-card" href={links.gem(g.id)}>
                  <span class="gem-icon" aria-hidden="true">{g.icon}</span>
                  <span class="gem-card-text">
                    <strong>{g.name}</strong>
                    {g.description && <span class="muted">{g.description}</span>}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )
        : <p class="muted">{t("gems.ui.empty")}</p>}
      {data.admin && (
        <p>
          <a href="/admin/gems">{t("gems.ui.adminLink")}</a>
        </p>
      )}
    </section>
  );
});
