import { requireProfile } from "../../lib/auth/mod.ts";
import { listLists } from "../../lib/lists/store.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** `/lists`: the profile's lists and the household's shared ones (plain links, no JavaScript). */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    return page({ lists: await listLists(ctx.state.services.db.kysely, profile.id) });
  },
});

export default define.page<typeof handler>(function ListsPage({ data, state }) {
  const { t } = state;
  return (
    <section class="lists-page">
      <h1>{t("lists.ui.title")}</h1>
      {data.lists.length === 0 && <p class="muted">{t("lists.ui.none")}</p>}
      <ul class="lists-index">
        {data.lists.map((list) => (
          <li key={list.id}>
            <a href={`/lists/${list.id}`}>
              <span class="lists-name" dir="auto">{list.name}</span>
              <span class="muted">
                {t(`lists.kind.${list.kind}`)} ·{" "}
                {list.shared ? t("lists.ui.shared") : t("lists.ui.private")} ·{" "}
                {t("lists.ui.open", { open: list.open })}
              </span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
});
