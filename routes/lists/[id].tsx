import ListView from "../../islands/ListView.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { getList } from "../../lib/lists/store.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** `/lists/{id}`: one list, rendered on the server, live and tickable through its island. */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const list = await getList(ctx.state.services.db.kysely, profile.id, ctx.params.id);
    ctx.state.title = list.name;
    return page({ list });
  },
});

export default define.page<typeof handler>(function ListPage({ data, state }) {
  return (
    <section class="lists-page">
      <p>
        <a href="/lists">← {state.t("lists.ui.title")}</a>
      </p>
      <ListView list={data.list} messages={messages(state.locale, "lists.")} />
    </section>
  );
});
